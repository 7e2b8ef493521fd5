import type { Db } from '@turumba/platform/db';
import { and, asc, count, eq, inArray } from 'drizzle-orm';
import { defaultRoles } from './default-roles';
import { accounts, accountUsers, roles } from './tables';

const accountWithRole = {
  id: accounts.id,
  name: accounts.name,
  createdAt: accounts.createdAt,
  updatedAt: accounts.updatedAt,
  role: roles.key,
};
export type AccountWithRole = { id: string; name: string; createdAt: Date; updatedAt: Date; role: string };

/** `accounts`, always read through the caller's membership. */
export function createAccountRepo(db: Db) {
  const mine = (userId: string, accountIds: string[]) =>
    and(eq(accountUsers.userId, userId), inArray(accounts.id, accountIds));
  const joined = (tx: Db) =>
    tx
      .select(accountWithRole)
      .from(accounts)
      .innerJoin(accountUsers, eq(accountUsers.accountId, accounts.id))
      .innerJoin(roles, eq(roles.id, accountUsers.roleId));

  return {
    async listForUser(userId: string, accountIds: string[], page: { skip: number; limit: number }) {
      if (accountIds.length === 0) return { rows: [] as AccountWithRole[], total: 0 };
      const [rows, [totals]] = await Promise.all([
        joined(db)
          .where(mine(userId, accountIds))
          .orderBy(asc(accounts.createdAt), asc(accounts.id))
          .offset(page.skip)
          .limit(page.limit),
        db
          .select({ total: count() })
          .from(accounts)
          .innerJoin(accountUsers, eq(accountUsers.accountId, accounts.id))
          .where(mine(userId, accountIds)),
      ]);
      return { rows, total: totals?.total ?? 0 };
    },

    async findForUser(accountId: string, userId: string, tx: Db = db): Promise<AccountWithRole | undefined> {
      const [row] = await joined(tx)
        .where(mine(userId, [accountId]))
        .limit(1);
      return row;
    },

    async insert(tx: Db, account: { id: string; name: string }, now: Date) {
      const [row] = await tx
        .insert(accounts)
        .values({ ...account, createdAt: now, updatedAt: now })
        .returning();
      return row!;
    },

    /** The built-in admin, supervisor and agent roles; returns their ids by key. */
    async insertDefaultRoles(tx: Db, accountId: string, ids: () => string, now: Date) {
      const rows = Object.entries(defaultRoles).map(([key, role]) => ({
        id: ids(),
        accountId,
        key,
        ...role,
        createdAt: now,
        updatedAt: now,
      }));
      await tx.insert(roles).values(rows);
      return Object.fromEntries(rows.map((r) => [r.key, r.id])) as Record<keyof typeof defaultRoles, string>;
    },

    async rename(tx: Db, accountId: string, name: string, now: Date) {
      await tx.update(accounts).set({ name, updatedAt: now }).where(eq(accounts.id, accountId));
    },

    async delete(tx: Db, accountId: string) {
      await tx.delete(accounts).where(eq(accounts.id, accountId));
    },

    /** Serialises membership changes of one account (the last-admin rule reads, then writes). */
    async lock(tx: Db, accountId: string) {
      const [row] = await tx
        .select({ id: accounts.id })
        .from(accounts)
        .where(eq(accounts.id, accountId))
        .for('update');
      return row !== undefined;
    },

    async memberUserIds(tx: Db, accountId: string): Promise<string[]> {
      const rows = await tx
        .select({ userId: accountUsers.userId })
        .from(accountUsers)
        .where(eq(accountUsers.accountId, accountId));
      return rows.map((r) => r.userId);
    },
  };
}
export type AccountRepo = ReturnType<typeof createAccountRepo>;
