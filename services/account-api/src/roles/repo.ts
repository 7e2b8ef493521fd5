import type { Db } from '@turumba/platform/db';
import { and, asc, count, eq, inArray, type SQL } from 'drizzle-orm';
import { accountUsers, roles } from '../accounts/tables';

export type RoleRow = typeof roles.$inferSelect;

/** The columns a role list may filter and sort on. */
export const roleFields = { key: roles.key, name: roles.name, created_at: roles.createdAt };
/** After the requested sort: oldest first, the id last so pages are stable. */
export const roleListOrder = [asc(roles.createdAt), asc(roles.id)];

/** Per-account roles; every query names the accounts it may touch. */
export function createRoleRepo(db: Db) {
  return {
    async list(
      accountIds: string[],
      where: SQL | undefined,
      orderBy: SQL[],
      page: { skip: number; limit: number },
    ) {
      if (accountIds.length === 0) return { rows: [] as RoleRow[], total: 0 };
      const scope = and(inArray(roles.accountId, accountIds), where);
      const [rows, [totals]] = await Promise.all([
        db
          .select()
          .from(roles)
          .where(scope)
          .orderBy(...orderBy)
          .offset(page.skip)
          .limit(page.limit),
        db.select({ total: count() }).from(roles).where(scope),
      ]);
      return { rows, total: totals?.total ?? 0 };
    },

    async findIn(accountIds: string[], roleId: string, tx: Db = db): Promise<RoleRow | undefined> {
      if (accountIds.length === 0) return undefined;
      const [row] = await tx
        .select()
        .from(roles)
        .where(and(eq(roles.id, roleId), inArray(roles.accountId, accountIds)))
        .limit(1);
      return row;
    },

    async findByKey(accountId: string, key: string, tx: Db = db): Promise<RoleRow | undefined> {
      const [row] = await tx
        .select()
        .from(roles)
        .where(and(eq(roles.accountId, accountId), eq(roles.key, key)))
        .limit(1);
      return row;
    },

    async insert(
      tx: Db,
      role: Pick<RoleRow, 'id' | 'accountId' | 'key' | 'name' | 'permissions'>,
      now: Date,
    ) {
      const [row] = await tx
        .insert(roles)
        .values({ ...role, createdAt: now, updatedAt: now })
        .returning();
      return row!;
    },

    async update(
      tx: Db,
      accountId: string,
      roleId: string,
      changes: { name?: string; permissions?: string[] },
      now: Date,
    ) {
      const [row] = await tx
        .update(roles)
        .set({ ...changes, updatedAt: now })
        .where(and(eq(roles.id, roleId), eq(roles.accountId, accountId)))
        .returning();
      return row!;
    },

    async delete(tx: Db, accountId: string, roleId: string) {
      await tx.delete(roles).where(and(eq(roles.id, roleId), eq(roles.accountId, accountId)));
    },

    async countHolders(tx: Db, roleId: string): Promise<number> {
      const [row] = await tx
        .select({ total: count() })
        .from(accountUsers)
        .where(eq(accountUsers.roleId, roleId));
      return row?.total ?? 0;
    },
  };
}
export type RoleRepo = ReturnType<typeof createRoleRepo>;
