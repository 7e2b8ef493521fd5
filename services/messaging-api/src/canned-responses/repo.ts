import type { Db } from '@turumba/platform/db';
import { and, count, eq, inArray, type SQL } from 'drizzle-orm';
import { cannedResponses as t } from './tables';

export type CannedResponseRow = typeof t.$inferSelect;
type Patch = Partial<Pick<CannedResponseRow, 'shortCode' | 'title' | 'content' | 'category' | 'updatedAt'>>;

export function cannedResponseRepo(db: Db) {
  return {
    async list(
      accountIds: string[],
      where: SQL | undefined,
      orderBy: SQL[],
      page: { skip: number; limit: number },
    ) {
      if (accountIds.length === 0) return { rows: [] as CannedResponseRow[], total: 0 };
      const scope = and(inArray(t.accountId, accountIds), where);
      const [rows, [totals]] = await Promise.all([
        db
          .select()
          .from(t)
          .where(scope)
          .orderBy(...orderBy)
          .offset(page.skip)
          .limit(page.limit),
        db.select({ total: count() }).from(t).where(scope),
      ]);
      return { rows, total: totals?.total ?? 0 };
    },

    async find(accountIds: string[], id: string) {
      if (accountIds.length === 0) return undefined;
      const [row] = await db
        .select()
        .from(t)
        .where(and(inArray(t.accountId, accountIds), eq(t.id, id)));
      return row;
    },

    async insert(row: typeof t.$inferInsert) {
      const [inserted] = await db.insert(t).values(row).returning();
      return inserted!;
    },

    async update(accountId: string, id: string, patch: Patch) {
      const [row] = await db
        .update(t)
        .set(patch)
        .where(and(eq(t.accountId, accountId), eq(t.id, id)))
        .returning();
      return row!;
    },

    async delete(accountId: string, id: string) {
      await db.delete(t).where(and(eq(t.accountId, accountId), eq(t.id, id)));
    },
  };
}
