import type { Db } from '@turumba/platform/db';
import { and, asc, count, eq, isNull } from 'drizzle-orm';
import { conversationAssignments } from './tables';

export type AssignmentRow = typeof conversationAssignments.$inferSelect;

export function assignmentRepo(db: Db) {
  return {
    async endOpen(accountId: string, conversationId: string, at: Date): Promise<void> {
      await db
        .update(conversationAssignments)
        .set({ endedAt: at, updatedAt: at })
        .where(
          and(
            eq(conversationAssignments.accountId, accountId),
            eq(conversationAssignments.conversationId, conversationId),
            isNull(conversationAssignments.endedAt),
          ),
        );
    },

    async insert(row: typeof conversationAssignments.$inferInsert): Promise<void> {
      await db.insert(conversationAssignments).values(row);
    },

    async history(accountId: string, conversationId: string, page: { skip: number; limit: number }) {
      const scope = and(
        eq(conversationAssignments.accountId, accountId),
        eq(conversationAssignments.conversationId, conversationId),
      );
      const [rows, [totals]] = await Promise.all([
        db
          .select()
          .from(conversationAssignments)
          .where(scope)
          .orderBy(asc(conversationAssignments.startedAt), asc(conversationAssignments.createdAt))
          .offset(page.skip)
          .limit(page.limit),
        db.select({ total: count() }).from(conversationAssignments).where(scope),
      ]);
      return { rows, total: totals?.total ?? 0 };
    },
  };
}
