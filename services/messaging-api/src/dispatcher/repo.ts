import type { Db } from '@turumba/platform/db';
import { and, desc, eq, isNotNull, lt, or, sql } from 'drizzle-orm';
import { conversations } from '../conversations/tables';
import { messages } from '../messages/tables';
import type { EmailParent } from './outbound-message';

export type OutboundRow = typeof messages.$inferSelect;
export type ConversationRow = typeof conversations.$inferSelect;

/** Queries of the dispatcher; every one is scoped to the message's account. */
export function createDispatchRepo(db: Db) {
  return {
    /**
     * Takes a queued outbound, non-private message for sending (atomically: one dispatcher
     * wins). A `sending` row whose lease ran out (its dispatcher died) can be taken again.
     */
    async claim(accountId: string, id: string, now: Date, leaseMs: number): Promise<OutboundRow | undefined> {
      const expired = new Date(now.getTime() - leaseMs);
      const [row] = await db
        .update(messages)
        .set({ status: 'sending', updatedAt: now })
        .where(
          and(
            eq(messages.id, id),
            eq(messages.accountId, accountId),
            eq(messages.direction, 'outbound'),
            eq(messages.isPrivate, false),
            or(
              eq(messages.status, 'queued'),
              and(eq(messages.status, 'sending'), lt(messages.updatedAt, expired)),
            ),
          ),
        )
        .returning();
      return row;
    },

    async conversation(accountId: string, id: string): Promise<ConversationRow | undefined> {
      const [row] = await db
        .select()
        .from(conversations)
        .where(and(eq(conversations.id, id), eq(conversations.accountId, accountId)));
      return row;
    },

    /** The thread headers of the customer's latest email in the conversation. */
    async lastInboundEmail(accountId: string, conversationId: string): Promise<EmailParent | undefined> {
      const [row] = await db
        .select({ email: sql<EmailParent>`${messages.metadata} -> 'email'` })
        .from(messages)
        .where(
          and(
            eq(messages.accountId, accountId),
            eq(messages.conversationId, conversationId),
            eq(messages.direction, 'inbound'),
            sql`${messages.metadata} ? 'email'`,
          ),
        )
        .orderBy(desc(messages.createdAt), desc(messages.id))
        .limit(1);
      return row?.email?.message_id ? row.email : undefined;
    },

    async providerMessageId(accountId: string, id: string | null): Promise<string | undefined> {
      if (!id) return undefined;
      const [row] = await db
        .select({ providerMessageId: messages.providerMessageId })
        .from(messages)
        .where(
          and(eq(messages.id, id), eq(messages.accountId, accountId), isNotNull(messages.providerMessageId)),
        );
      return row?.providerMessageId ?? undefined;
    },

    /** Back to `queued` for the next attempt, keeping the last error for the inbox to show. */
    async release(row: OutboundRow, error: Record<string, unknown>, now: Date): Promise<void> {
      await db
        .update(messages)
        .set({ status: 'queued', error, updatedAt: now })
        .where(
          and(eq(messages.id, row.id), eq(messages.accountId, row.accountId), eq(messages.status, 'sending')),
        );
    },
  };
}
export type DispatchRepo = ReturnType<typeof createDispatchRepo>;
