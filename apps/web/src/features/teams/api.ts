import type { Http } from '../../lib/http';

export interface Team {
  id: string;
  name: string;
  description: string | null;
  member_count: number;
  created_at: string;
}

export interface TeamMember {
  team_id: string;
  user_id: string;
  role: 'member' | 'lead';
  name: string;
  email: string;
  is_active: boolean;
}

export const teamsApi = (http: Http) => ({
  list: () => http.list<Team>('/v1/teams', { limit: 500, sort: 'name:asc' }),
  create: (input: { name: string; description?: string | null }) => http.post<Team>('/v1/teams', input),
  update: (id: string, input: { name?: string; description?: string | null }) =>
    http.patch<Team>(`/v1/teams/${id}`, input),
  remove: (id: string) => http.delete(`/v1/teams/${id}`),
  members: (id: string) => http.list<TeamMember>(`/v1/teams/${id}/members`, { limit: 500 }),
  addMember: (id: string, userId: string, role: TeamMember['role'] = 'member') =>
    http.post<TeamMember>(`/v1/teams/${id}/members`, { user_id: userId, role }),
  updateMember: (id: string, userId: string, role: TeamMember['role']) =>
    http.patch<TeamMember>(`/v1/teams/${id}/members/${userId}`, { role }),
  removeMember: (id: string, userId: string) => http.delete(`/v1/teams/${id}/members/${userId}`),
});

export const teamKeys = {
  all: ['teams'] as const,
  members: (id: string) => ['teams', id, 'members'] as const,
};
