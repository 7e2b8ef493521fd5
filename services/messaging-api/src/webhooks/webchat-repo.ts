import type { Db } from '@turumba/platform/db';
import { and, desc, eq, inArray, ne, sql } from 'drizzle-orm';
import { conversations } from '../conversations/tables';
import { messages } from '../messages/tables';

export type VisitorMessageRow = typeof messages.$inferSelect;

/**
 * What the widget may read (ADR 0004: the channel pipeline reads conversations and messages
 * directly, like the inbound worker writes them). Every query is scoped to the channel's account.
 */
export function createWebchatRepo(db: Db) {
  return {
    /**
     * The visitor's current conversation on the channel: the active one if any, else the latest
     * resolved one (a new message reopens it); closed conversations are over for the visitor.
     */
    async currentConversationId(
      accountId: string,
      channelId: string,
      visitorId: string,
    ): Promise<string | null> {
      const [row] = await db
        .select({ id: conversations.id })
        .from(conversations)
        .where(
          and(
            eq(conversations.accountId, accountId),
            eq(conversations.channelId, channelId),
            eq(conversations.contactIdentifier, visitorId),
            ne(conversations.status, 'closed'),
          ),
        )
        .orderBy(sql`(${conversations.status} = 'resolved')`, desc(conversations.createdAt))
        .limit(1);
      return row?.id ?? null;
    },

    /** Customer-visible messages (inbound and outbound, never private notes or system lines). */
    async visibleMessages(
      accountId: string,
      conversationId: string,
      page: { beforeId?: string; limit: number },
    ): Promise<{ rows: VisitorMessageRow[]; hasOlder: boolean } | undefined> {
      const visible = and(
        eq(messages.accountId, accountId),
        eq(messages.conversationId, conversationId),
        inArray(messages.direction, ['inbound', 'outbound']),
        eq(messages.isPrivate, false),
      )!;
      let where = visible;
      if (page.beforeId) {
        const [anchor] = await db
          .select({ createdAt: messages.createdAt, id: messages.id })
          .from(messages)
          .where(and(visible, eq(messages.id, page.beforeId)));
        if (!anchor) return undefined;
        // Keyset on (created_at, id), the thread index's order; the anchor's timestamp is
        // compared in the database so its microseconds are not lost in a JS Date.
        where = and(
          visible,
          sql`(${messages.createdAt}, ${messages.id}) < (select m.created_at, m.id from ${messages} m where m.id = ${anchor.id})`,
        )!;
      }
      const rows = await db
        .select()
        .from(messages)
        .where(where)
        .orderBy(desc(messages.createdAt), desc(messages.id))
        .limit(page.limit + 1);
      return { rows: rows.slice(0, page.limit).reverse(), hasOlder: rows.length > page.limit };
    },
  };
}
export type WebchatRepo = ReturnType<typeof createWebchatRepo>;
