import { requireRole } from '@turumba/platform/auth';
import type { Db } from '@turumba/platform/db';
import { NotFound } from '@turumba/platform/errors';
import type { MembershipCache } from '../context/membership-cache';
import { type Caller, requireCurrentRole } from './authorize';
import { createAccountWithAdmin } from './create-account';
import type { MemberRepo } from './members-repo';
import { enqueueMembershipChanged } from './membership-events';
import type { AccountRepo } from './repo';
import { toAccountDto } from './schema';

export { createAccountWithAdmin } from './create-account';

export interface AccountServiceDeps {
  db: Db;
  accounts: AccountRepo;
  members: MemberRepo;
  cache: MembershipCache;
  clock: () => Date;
  ids: () => string;
}

export function createAccountService(deps: AccountServiceDeps) {
  async function findMine(caller: Caller, accountId: string, tx: Db = deps.db) {
    const row = caller.accountIds.includes(accountId)
      ? await deps.accounts.findForUser(accountId, caller.userId, tx)
      : undefined;
    if (!row) throw new NotFound('Account');
    return row;
  }

  return {
    async listMyAccounts(caller: Caller, page: { skip: number; limit: number }) {
      const { rows, total } = await deps.accounts.listForUser(caller.userId, caller.accountIds, page);
      return { data: rows.map(toAccountDto), meta: { total, skip: page.skip, limit: page.limit } };
    },

    async getAccount(caller: Caller, accountId: string) {
      return toAccountDto(await findMine(caller, accountId));
    },

    /** Any signed-in user may open an account; they become its admin. */
    async createAccount(caller: Caller, name: string) {
      const now = deps.clock();
      const account = await deps.db.transaction((tx) =>
        createAccountWithAdmin(deps, tx, { name, userId: caller.userId }, now),
      );
      await deps.cache.invalidate([caller.userId]);
      return toAccountDto(account);
    },

    async renameAccount(caller: Caller, accountId: string, name: string) {
      requireRole(caller, accountId, ['admin']);
      const { account, memberIds } = await deps.db.transaction(async (tx) => {
        await requireCurrentRole(deps.members, tx, caller, accountId, ['admin']);
        await deps.accounts.rename(tx, accountId, name, deps.clock());
        return {
          account: await findMine(caller, accountId, tx),
          memberIds: await deps.accounts.memberUserIds(tx, accountId),
        };
      });
      // The account name is part of every member's cached context.
      await deps.cache.invalidate(memberIds);
      return toAccountDto(account);
    },

    /** Deletes the account and everything in it; every membership ends (and is announced). */
    async deleteAccount(caller: Caller, accountId: string) {
      requireRole(caller, accountId, ['admin']);
      const now = deps.clock();
      const memberIds = await deps.db.transaction(async (tx) => {
        if (!(await deps.accounts.lock(tx, accountId))) throw new NotFound('Account');
        await requireCurrentRole(deps.members, tx, caller, accountId, ['admin']);
        const userIds = await deps.accounts.memberUserIds(tx, accountId);
        for (const userId of userIds) {
          const change = { accountId, userId, change: 'removed', role: null, isActive: false } as const;
          await enqueueMembershipChanged(tx, change, now);
        }
        await deps.accounts.delete(tx, accountId);
        return userIds;
      });
      await deps.cache.invalidate(memberIds);
    },
  };
}
export type AccountService = ReturnType<typeof createAccountService>;
