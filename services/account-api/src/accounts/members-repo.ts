import type { Db } from '@turumba/platform/db';
import { and, asc, count, eq, inArray, ne, type SQL } from 'drizzle-orm';
import { teamMembers } from '../teams/tables';
import { users } from '../users/tables';
import { accountUsers, roles } from './tables';

const memberColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  isActive: users.isActive,
  accountId: accountUsers.accountId,
  role: roles.key,
  roleId: roles.id,
  createdAt: users.createdAt,
  updatedAt: users.updatedAt,
  joinedAt: accountUsers.createdAt,
};
export type MemberRow = {
  id: string;
  email: string;
  name: string;
  isActive: boolean;
  accountId: string;
  role: string;
  roleId: string;
  createdAt: Date;
  updatedAt: Date;
  joinedAt: Date;
};

/** The columns a member list may filter and sort on. */
export const memberFields = {
  email: users.email,
  name: users.name,
  role: roles.key,
  is_active: users.isActive,
  created_at: users.createdAt,
};
/** After the requested sort: oldest users first, then ids, so pages are stable. */
export const memberListOrder = [asc(users.createdAt), asc(users.id), asc(accountUsers.accountId)];

/** `account_users`: who belongs to which account, with which role. Every query names the account. */
export function createMemberRepo(db: Db) {
  const joined = (tx: Db) =>
    tx
      .select(memberColumns)
      .from(accountUsers)
      .innerJoin(users, eq(users.id, accountUsers.userId))
      .innerJoin(roles, eq(roles.id, accountUsers.roleId));

  return {
    async list(
      accountIds: string[],
      where: SQL | undefined,
      orderBy: SQL[],
      page: { skip: number; limit: number },
    ) {
      if (accountIds.length === 0) return { rows: [] as MemberRow[], total: 0 };
      const scope = and(inArray(accountUsers.accountId, accountIds), where);
      const [rows, [totals]] = await Promise.all([
        joined(db)
          .where(scope)
          .orderBy(...orderBy)
          .offset(page.skip)
          .limit(page.limit),
        db
          .select({ total: count() })
          .from(accountUsers)
          .innerJoin(users, eq(users.id, accountUsers.userId))
          .innerJoin(roles, eq(roles.id, accountUsers.roleId))
          .where(scope),
      ]);
      return { rows, total: totals?.total ?? 0 };
    },

    async find(accountId: string, userId: string, tx: Db = db): Promise<MemberRow | undefined> {
      const [row] = await joined(tx)
        .where(and(eq(accountUsers.accountId, accountId), eq(accountUsers.userId, userId)))
        .limit(1);
      return row;
    },

    /** Which of `accountIds` the user belongs to. */
    async accountsOf(userId: string, accountIds: string[]): Promise<string[]> {
      if (accountIds.length === 0) return [];
      const rows = await db
        .select({ accountId: accountUsers.accountId })
        .from(accountUsers)
        .where(and(eq(accountUsers.userId, userId), inArray(accountUsers.accountId, accountIds)));
      return rows.map((r) => r.accountId);
    },

    async insert(
      tx: Db,
      member: { id: string; accountId: string; userId: string; roleId: string },
      now: Date,
    ) {
      await tx.insert(accountUsers).values({ ...member, createdAt: now, updatedAt: now });
    },

    async setRole(tx: Db, accountId: string, userId: string, roleId: string, now: Date) {
      await tx
        .update(accountUsers)
        .set({ roleId, updatedAt: now })
        .where(and(eq(accountUsers.accountId, accountId), eq(accountUsers.userId, userId)));
    },

    /** Ends the membership and, with it, the user's places in the account's teams. */
    async delete(tx: Db, accountId: string, userId: string) {
      await tx
        .delete(teamMembers)
        .where(and(eq(teamMembers.accountId, accountId), eq(teamMembers.userId, userId)));
      await tx
        .delete(accountUsers)
        .where(and(eq(accountUsers.accountId, accountId), eq(accountUsers.userId, userId)));
    },

    /** Active admins of the account other than `exceptUserId`. */
    async countOtherActiveAdmins(tx: Db, accountId: string, exceptUserId: string): Promise<number> {
      const [row] = await tx
        .select({ total: count() })
        .from(accountUsers)
        .innerJoin(users, eq(users.id, accountUsers.userId))
        .innerJoin(roles, eq(roles.id, accountUsers.roleId))
        .where(
          and(
            eq(accountUsers.accountId, accountId),
            eq(roles.key, 'admin'),
            eq(users.isActive, true),
            ne(accountUsers.userId, exceptUserId),
          ),
        );
      return row?.total ?? 0;
    },

    /** How many accounts other than `accountId` the user belongs to. */
    async countOtherAccounts(tx: Db, userId: string, accountId: string): Promise<number> {
      const [row] = await tx
        .select({ total: count() })
        .from(accountUsers)
        .where(and(eq(accountUsers.userId, userId), ne(accountUsers.accountId, accountId)));
      return row?.total ?? 0;
    },

    async userIdsWithRole(tx: Db, roleId: string): Promise<string[]> {
      const rows = await tx
        .select({ userId: accountUsers.userId })
        .from(accountUsers)
        .where(eq(accountUsers.roleId, roleId));
      return rows.map((r) => r.userId);
    },
  };
}
export type MemberRepo = ReturnType<typeof createMemberRepo>;
