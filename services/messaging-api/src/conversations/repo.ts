import type { Db } from '@turumba/platform/db';
import { and, eq, getTableColumns, inArray, notInArray, sql } from 'drizzle-orm';
import { channels } from '../channels/tables';
import { unreadCountSql } from '../reads/service';
import type { ConversationPatch } from './plan-update';
import { accountSequences, conversations } from './tables';
import { type Viewer, visibleConversations } from './viewer';

export type ConversationRow = typeof conversations.$inferSelect;
export type NewConversationRow = typeof conversations.$inferInsert;
export type InboxRow = ConversationRow & { unreadCount: number };

/** `"conversations"."id"`, qualified, for subqueries correlated with the conversations row. */
export const conversationIdRef = sql.raw('"conversations"."id"');

/** Every column plus the viewer's unread count, computed in the same statement. */
export const inboxColumns = (userId: string) => ({
  ...getTableColumns(conversations),
  unreadCount: unreadCountSql(conversationIdRef, userId),
});

/** Drizzle queries on conversations; every function is scoped to accounts. */
export function conversationRepo(db: Db) {
  return {
    async findVisible(viewer: Viewer, id: string): Promise<InboxRow | undefined> {
      const [row] = await db
        .select(inboxColumns(viewer.userId))
        .from(conversations)
        .where(and(eq(conversations.id, id), visibleConversations(viewer)))
        .limit(1);
      return row;
    },

    /** Locks the row until the transaction ends, so concurrent changes (assignment races) queue up. */
    async lock(accountIds: string[], id: string): Promise<ConversationRow | undefined> {
      if (accountIds.length === 0) return undefined;
      const [row] = await db
        .select()
        .from(conversations)
        .where(and(eq(conversations.id, id), inArray(conversations.accountId, accountIds)))
        .for('update');
      return row;
    },

    async update(accountId: string, id: string, patch: ConversationPatch & Partial<ConversationRow>) {
      const [row] = await db
        .update(conversations)
        .set(patch)
        .where(and(eq(conversations.accountId, accountId), eq(conversations.id, id)))
        .returning();
      return row!;
    },

    async insert(row: NewConversationRow): Promise<ConversationRow> {
      const [inserted] = await db.insert(conversations).values(row).returning();
      return inserted!;
    },

    /**
     * The account's next display id (#1, #2...). The upsert locks the sequence row until commit,
     * so concurrent creates in one account take distinct numbers.
     */
    async takeDisplayId(accountId: string, at: Date): Promise<number> {
      const next = accountSequences.nextConversationDisplayId;
      const [row] = await db
        .insert(accountSequences)
        .values({ accountId, nextConversationDisplayId: 2, createdAt: at, updatedAt: at })
        .onConflictDoUpdate({
          target: accountSequences.accountId,
          set: { nextConversationDisplayId: sql`${next} + 1`, updatedAt: at },
        })
        .returning({ taken: sql<number>`${next} - 1` });
      return row!.taken;
    },

    async findActiveId(accountId: string, channelId: string, identifier: string) {
      const [row] = await db
        .select({ id: conversations.id })
        .from(conversations)
        .where(
          and(
            eq(conversations.accountId, accountId),
            eq(conversations.channelId, channelId),
            eq(conversations.contactIdentifier, identifier),
            notInArray(conversations.status, ['resolved', 'closed']),
          ),
        );
      return row?.id ?? null;
    },

    /** The channel's type, when the channel belongs to the account (read-only use of the channels table). */
    async channelType(accountId: string, channelId: string) {
      const [row] = await db
        .select({ channelType: channels.channelType })
        .from(channels)
        .where(and(eq(channels.accountId, accountId), eq(channels.id, channelId)));
      return row?.channelType;
    },

    /** Active conversations of one identity (channel type + identifier) in the account, locked. */
    async lockActiveOfIdentity(accountId: string, channelType: string, identifier: string) {
      return db
        .select()
        .from(conversations)
        .where(
          and(
            eq(conversations.accountId, accountId),
            sql`${conversations.channelType} = ${channelType}`,
            eq(conversations.contactIdentifier, identifier),
            notInArray(conversations.status, ['resolved', 'closed']),
          ),
        )
        .for('update');
    },
  };
}
export type ConversationRepo = ReturnType<typeof conversationRepo>;
