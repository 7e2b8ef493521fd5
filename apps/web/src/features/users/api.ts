import type { Http } from '../../lib/http';

/** A user as a member of the current account (`GET /v1/users`). */
export interface Member {
  id: string;
  email: string;
  name: string;
  is_active: boolean;
  account_id: string;
  role: string;
  role_id: string;
  created_at: string;
  joined_at?: string;
}

/**
 * A teammate as every member of the account sees them (`GET /v1/accounts/{id}/members`): names
 * and roles, no emails (those stay with `/v1/users`, for admins and supervisors).
 */
export interface Teammate {
  id: string;
  name: string;
  role: string;
  role_name: string;
  is_active: boolean;
}

export interface Role {
  id: string;
  key: string;
  name: string;
  permissions: string[];
  is_built_in: boolean;
}

export interface NewMember {
  email: string;
  name: string;
  role: string;
  password?: string;
}

export const usersApi = (http: Http) => ({
  list: () => http.list<Member>('/v1/users', { limit: 500, sort: 'name:asc' }),
  teammates: (accountId: string) =>
    http.list<Teammate>(`/v1/accounts/${encodeURIComponent(accountId)}/members`, {
      limit: 500,
      sort: 'name:asc',
    }),
  add: (input: NewMember) => http.post<Member>('/v1/users', input),
  update: (id: string, patch: { name?: string; role?: string; is_active?: boolean }) =>
    http.patch<Member>(`/v1/users/${id}`, patch),
  remove: (id: string) => http.delete(`/v1/users/${id}`),
  roles: () => http.list<Role>('/v1/roles', { limit: 500 }),
  createRole: (input: { key: string; name: string; permissions: string[] }) =>
    http.post<Role>('/v1/roles', input),
  updateRole: (id: string, patch: { name?: string; permissions?: string[] }) =>
    http.patch<Role>(`/v1/roles/${id}`, patch),
  removeRole: (id: string) => http.delete(`/v1/roles/${id}`),
});

export const userKeys = {
  all: ['users'] as const,
  roles: ['roles'] as const,
  teammates: (accountId: string | null) => ['users', 'teammates', accountId] as const,
};
