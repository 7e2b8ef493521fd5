import type { TeamMembershipChangedData } from '@turumba/contracts';
import { requireRole, scopedAccountIds } from '@turumba/platform/auth';
import { isUniqueViolation } from '@turumba/platform/db';
import { Conflict, NotFound, ValidationFailed } from '@turumba/platform/errors';
import { enqueue } from '@turumba/platform/outbox';
import type { Caller } from './caller';
import { toTeamMemberDto } from './dto';
import { TeamMemberNotFound, TeamNotFound } from './errors';
import { membershipChangedEvent } from './events';
import { teamMemberRepo } from './member-repo';
import { teamRepo } from './repo';
import type { AddMemberBody, ListMembersQuery, TeamMemberRole } from './schema';
import { managers, type TeamServiceDeps } from './service';

/** Team memberships; every change emits `agent.preference.updated` in its transaction. */
export function createTeamMemberService(deps: TeamServiceDeps) {
  async function findTeam(caller: Caller, teamId: string, manage: boolean) {
    const team = await teamRepo(deps.db).find(scopedAccountIds(caller.context, caller.accountHeader), teamId);
    if (!team) throw new TeamNotFound();
    if (manage) requireRole(caller.context, team.accountId, managers);
    return team;
  }

  /** Applies `write` and records the change; `write` returns false when there was no membership. */
  async function changeMembership(
    accountId: string,
    change: Omit<TeamMembershipChangedData, 'reason' | 'account_id'>,
    write: (members: ReturnType<typeof teamMemberRepo>, now: Date) => Promise<boolean>,
  ) {
    const now = deps.clock();
    await deps.db.transaction(async (tx) => {
      if (!(await write(teamMemberRepo(tx), now))) throw new TeamMemberNotFound();
      await enqueue(tx, membershipChangedEvent({ ...change, account_id: accountId }, now));
    });
  }

  return {
    async listMembers(caller: Caller, teamId: string, page: ListMembersQuery) {
      const team = await findTeam(caller, teamId, false);
      const { rows, total } = await teamMemberRepo(deps.db).list(team.accountId, teamId, page);
      return { data: rows.map(toTeamMemberDto), meta: { total, skip: page.skip, limit: page.limit } };
    },

    /** Adds a user of the team's account (422 for anyone else, 409 when already a member). */
    async addMember(caller: Caller, teamId: string, body: AddMemberBody) {
      const team = await findTeam(caller, teamId, true);
      const members = teamMemberRepo(deps.db);
      if (!(await members.isAccountUser(team.accountId, body.user_id))) {
        throw new ValidationFailed([{ field: 'body.user_id', message: 'Not a user of this account' }]);
      }
      const change = { user_id: body.user_id, team_id: teamId, change: 'added' as const, role: body.role };
      try {
        await changeMembership(team.accountId, change, async (repo, now) => {
          const id = deps.ids();
          const { accountId } = team;
          await repo.insert({
            id,
            accountId,
            teamId,
            userId: body.user_id,
            role: body.role,
            createdAt: now,
            updatedAt: now,
          });
          return true;
        });
      } catch (err) {
        if (isUniqueViolation(err, 'team_members_team_user_uq'))
          throw new Conflict('The user is already in this team');
        throw err;
      }
      return toTeamMemberDto((await members.find(team.accountId, teamId, body.user_id))!);
    },

    async updateMember(caller: Caller, teamId: string, userId: string, role: TeamMemberRole) {
      const team = await findTeam(caller, teamId, true);
      const change = { user_id: userId, team_id: teamId, change: 'role_changed' as const, role };
      await changeMembership(team.accountId, change, (repo, now) =>
        repo.updateRole(team.accountId, teamId, userId, role, now),
      );
      const member = await teamMemberRepo(deps.db).find(team.accountId, teamId, userId);
      if (!member) throw new TeamMemberNotFound();
      return toTeamMemberDto(member);
    },

    async removeMember(caller: Caller, teamId: string, userId: string) {
      const team = await findTeam(caller, teamId, true);
      const change = { user_id: userId, team_id: teamId, change: 'removed' as const, role: null };
      await changeMembership(team.accountId, change, (repo) => repo.delete(team.accountId, teamId, userId));
    },

    /** All members of a team of the account, for routing (`/internal`, no user context). */
    async membersForService(accountId: string, teamId: string) {
      const team = await teamRepo(deps.db).find([accountId], teamId);
      if (!team) throw new NotFound('Team');
      const { rows } = await teamMemberRepo(deps.db).list(accountId, teamId);
      return { team_id: teamId, account_id: accountId, members: rows.map(toTeamMemberDto) };
    },
  };
}
export type TeamMemberService = ReturnType<typeof createTeamMemberService>;
