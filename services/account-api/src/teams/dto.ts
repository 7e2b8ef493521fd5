import type { MemberRow } from './member-repo';
import type { TeamRow } from './repo';
import type { Team, TeamMember } from './schema';

export function toTeamDto(row: TeamRow): Team {
  return {
    id: row.id,
    account_id: row.accountId,
    name: row.name,
    description: row.description,
    member_count: row.memberCount,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

export function toTeamMemberDto(row: MemberRow): TeamMember {
  return {
    team_id: row.teamId,
    user_id: row.userId,
    role: row.role,
    name: row.name,
    email: row.email,
    is_active: row.isActive,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}
