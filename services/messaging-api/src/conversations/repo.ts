import type { Db } from '@turumba/platform/db';
import { count, desc, inArray } from 'drizzle-orm';
import { conversations } from './tables';

export type ConversationRow = typeof conversations.$inferSelect;

export function createConversationRepo(db: Db) {
  return {
    /** Newest activity first; only rows of the given accounts. */
    async list(accountIds: string[], page: { skip: number; limit: number }) {
      if (accountIds.length === 0) return { rows: [] as ConversationRow[], total: 0 };
      const scope = inArray(conversations.accountId, accountIds);
      const [rows, [totals]] = await Promise.all([
        db
          .select()
          .from(conversations)
          .where(scope)
          .orderBy(desc(conversations.lastMessageAt), desc(conversations.id))
          .offset(page.skip)
          .limit(page.limit),
        db.select({ total: count() }).from(conversations).where(scope),
      ]);
      return { rows, total: totals?.total ?? 0 };
    },
  };
}
export type ConversationRepo = ReturnType<typeof createConversationRepo>;
