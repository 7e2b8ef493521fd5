import { accountForWrite, requireRole, scopedAccountIds } from '@turumba/platform/auth';
import { isUniqueViolation } from '@turumba/platform/db';
import { Conflict } from '@turumba/platform/errors';
import { enqueue } from '@turumba/platform/outbox';
import type { ModuleDeps } from '../module-deps';
import type { Caller } from './caller';
import { toTeamDto } from './dto';
import { TeamNotFound } from './errors';
import { membershipChangedEvent } from './events';
import { teamListSql } from './list-teams';
import { teamMemberRepo } from './member-repo';
import { teamRepo } from './repo';
import type { CreateTeamBody, ListTeamsQuery, UpdateTeamBody } from './schema';

export type TeamServiceDeps = Pick<ModuleDeps, 'db' | 'clock' | 'ids'>;
export const managers = ['admin', 'supervisor'] as const;

async function rejectingDuplicateName<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (isUniqueViolation(err, 'teams_account_name_uq')) {
      throw new Conflict('A team of this account already has this name', { field: 'name' });
    }
    throw err;
  }
}

/** Team CRUD: every member reads, admins and supervisors manage. */
export function createTeamService(deps: TeamServiceDeps) {
  const teams = teamRepo(deps.db);

  /** The team in the caller's accounts (404 otherwise), after checking the caller manages it. */
  async function findManaged(caller: Caller, id: string) {
    const team = await teams.find(scopedAccountIds(caller.context, caller.accountHeader), id);
    if (!team) throw new TeamNotFound();
    requireRole(caller.context, team.accountId, managers);
    return team;
  }

  return {
    async listTeams(caller: Caller, query: ListTeamsQuery) {
      const accountIds = scopedAccountIds(caller.context, caller.accountHeader);
      const { where, orderBy } = teamListSql(query);
      const { rows, total } = await teams.list(accountIds, where, orderBy, query);
      return { data: rows.map(toTeamDto), meta: { total, skip: query.skip, limit: query.limit } };
    },

    async getTeam(caller: Caller, id: string) {
      const team = await teams.find(scopedAccountIds(caller.context, caller.accountHeader), id);
      if (!team) throw new TeamNotFound();
      return toTeamDto(team);
    },

    async createTeam(caller: Caller, body: CreateTeamBody) {
      const accountId = accountForWrite(caller.context, caller.accountHeader);
      requireRole(caller.context, accountId, managers);
      const now = deps.clock();
      const values = { id: deps.ids(), accountId, ...body, createdAt: now, updatedAt: now };
      return toTeamDto(await rejectingDuplicateName(() => teams.insert(values)));
    },

    async updateTeam(caller: Caller, id: string, body: UpdateTeamBody) {
      const team = await findManaged(caller, id);
      const patch = { ...body, updatedAt: deps.clock() };
      const updated = await rejectingDuplicateName(() => teams.update(team.accountId, id, patch));
      if (!updated) throw new TeamNotFound();
      return toTeamDto(updated);
    },

    /** Deletes the team; each former member gets a membership event in the same transaction. */
    async deleteTeam(caller: Caller, id: string) {
      const team = await findManaged(caller, id);
      const now = deps.clock();
      await deps.db.transaction(async (tx) => {
        const userIds = await teamMemberRepo(tx).userIds(team.accountId, id);
        await teamRepo(tx).delete(team.accountId, id);
        for (const userId of userIds) {
          const change = { user_id: userId, account_id: team.accountId, team_id: id };
          await enqueue(tx, membershipChangedEvent({ ...change, change: 'removed', role: null }, now));
        }
      });
    },
  };
}
export type TeamService = ReturnType<typeof createTeamService>;
