import type { Db } from '@turumba/platform/db';
import { and, asc, desc, eq, getTableColumns, type SQL, sql } from 'drizzle-orm';
import { timestampKeyFormat } from '../conversations/cursor';
import { messages } from './tables';

export type NewMessageRow = typeof messages.$inferInsert;
export type MessageRow = typeof messages.$inferSelect;

/** A thread position: the message's created_at (microsecond text) and id. */
export interface ThreadKey {
  t: string;
  id: string;
}
export type KeyedMessage = MessageRow & { key: string };

const key = sql<string>`to_char(${messages.createdAt} at time zone 'UTC', ${timestampKeyFormat})`;
const byPosition = (k: ThreadKey, op: '<' | '>') =>
  sql`(${messages.createdAt}, ${messages.id}) ${sql.raw(op)} (${k.t}::timestamptz, ${k.id}::uuid)`;

/** Drizzle queries on messages of conversations; every function takes the account id. */
export function messageRepo(db: Db) {
  async function select(where: SQL, order: 'asc' | 'desc', limit: number): Promise<KeyedMessage[]> {
    const dir = order === 'asc' ? asc : desc;
    return db
      .select({ ...getTableColumns(messages), key })
      .from(messages)
      .where(where)
      .orderBy(dir(messages.createdAt), dir(messages.id))
      .limit(limit);
  }
  const inThread = (accountId: string, conversationId: string) =>
    and(eq(messages.accountId, accountId), eq(messages.conversationId, conversationId))!;

  return {
    insert(rows: NewMessageRow[]): Promise<MessageRow[]> {
      return db.insert(messages).values(rows).returning();
    },

    /** Up to `limit` messages before/after a position (or the latest ones), oldest first, plus whether more lie beyond. */
    async page(
      accountId: string,
      conversationId: string,
      at: { before?: ThreadKey; after?: ThreadKey },
      limit: number,
    ): Promise<{ rows: KeyedMessage[]; hasMore: boolean }> {
      const scope = inThread(accountId, conversationId);
      if (at.after) {
        const rows = await select(and(scope, byPosition(at.after, '>'))!, 'asc', limit + 1);
        return { rows: rows.slice(0, limit), hasMore: rows.length > limit };
      }
      const where = at.before ? and(scope, byPosition(at.before, '<'))! : scope;
      const rows = await select(where, 'desc', limit + 1);
      return { rows: rows.slice(0, limit).reverse(), hasMore: rows.length > limit };
    },
  };
}
export type MessageRepo = ReturnType<typeof messageRepo>;
