import type { Db } from '@turumba/platform/db';
import { type SQL, sql } from 'drizzle-orm';
import { conversationReads } from './tables';

/**
 * The viewer's unread count of each conversation row, as a correlated subquery of the same
 * statement (no N+1): customer messages newer than the viewer's `last_read_at`. Postgres
 * evaluates it after ORDER BY/LIMIT, so only the rows of the page pay for it; the
 * `messages (conversation_id, created_at, id)` index makes each a short range scan.
 * `conversationId` must be table-qualified (Drizzle leaves columns of single-table selects bare,
 * which inside this subquery would bind to `messages.id`).
 */
export function unreadCountSql(conversationId: SQL, userId: string): SQL<number> {
  return sql<number>`(
    select count(*)::int from messages m
    where m.conversation_id = ${conversationId}
      and m.direction = 'inbound'
      and m.created_at > coalesce(
        (select r.last_read_at from conversation_reads r
          where r.conversation_id = ${conversationId} and r.user_id = ${userId}),
        '-infinity'::timestamptz)
  )`;
}

/** Read markers (`conversation_reads`). */
export function createReadStore(db: Db, ids: () => string) {
  return {
    /** Moves the user's marker forward to `at` (never back: a late, older request cannot unread). */
    async markRead(accountId: string, conversationId: string, userId: string, at: Date): Promise<Date> {
      const [row] = await db
        .insert(conversationReads)
        .values({
          id: ids(),
          accountId,
          conversationId,
          userId,
          lastReadAt: at,
          createdAt: at,
          updatedAt: at,
        })
        .onConflictDoUpdate({
          target: [conversationReads.conversationId, conversationReads.userId],
          set: {
            lastReadAt: sql`greatest(${conversationReads.lastReadAt}, excluded.last_read_at)`,
            updatedAt: at,
          },
        })
        .returning({ lastReadAt: conversationReads.lastReadAt });
      return row!.lastReadAt;
    },
  };
}
