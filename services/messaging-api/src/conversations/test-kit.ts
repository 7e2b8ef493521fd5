import { randomUUID } from 'node:crypto';
import type { Conversation } from '@turumba/contracts';
import { outboxEvents } from '@turumba/platform/outbox';
import { gatewayHeaders, type TestIdentity } from '@turumba/platform/testing';
import { and, asc, eq, sql } from 'drizzle-orm';
import { channels } from '../channels/tables';
import { messages } from '../messages/tables';
import type { createTestMessagingApi } from '../test-support';
import { conversations } from './tables';

type Api = Awaited<ReturnType<typeof createTestMessagingApi>>;
export type Role = 'admin' | 'supervisor' | 'agent';

/** A signed-in member of one account. */
export function member(
  accountId: string,
  role: Role,
  userId = randomUUID(),
): TestIdentity & { userId: string } {
  return { userId, accountIds: [accountId], accountRoles: { [accountId]: role } };
}

/** Test helpers over the real API and database (no mocks): requests, seed rows, outbox reads. */
export function inboxKit(api: Api) {
  const db = api.deps.infra.database.db;
  let phone = 1_000_000;

  async function call(method: string, url: string, who?: TestIdentity, body?: unknown) {
    const headers = gatewayHeaders(method, url, who);
    const res = await api.app.inject({ method: method as 'GET', url, headers, payload: body as object });
    return { status: res.statusCode, body: res.body ? res.json() : undefined };
  }

  return {
    db,
    call,

    /** A channel row of the account (channels are another module's; tests only need the row). */
    async channel(accountId: string, type: 'whatsapp' | 'telegram' | 'email' = 'whatsapp') {
      const id = randomUUID();
      await db
        .insert(channels)
        .values({ id, accountId, channelType: type, name: `${type} line`, credentialsCiphertext: 'x' });
      return id;
    },

    /** A conversation created through the API by `who` (201 expected). */
    async conversation(who: TestIdentity, channelId: string, body: Record<string, unknown> = {}) {
      const res = await call('POST', '/v1/conversations', who, {
        channel_id: channelId,
        contact_identifier: `+2519${++phone}`,
        ...body,
      });
      if (res.status !== 201) throw new Error(`create failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.data as Conversation;
    },

    /** A customer message as the inbound worker stores it. */
    async inbound(conversation: Conversation, content: string, at = new Date()) {
      await db.insert(messages).values({
        accountId: conversation.account_id,
        conversationId: conversation.id,
        channelId: conversation.channel_id,
        direction: 'inbound',
        senderType: 'contact',
        content,
        status: 'delivered',
        createdAt: at,
        updatedAt: at,
      });
      await db
        .update(conversations)
        .set({ lastMessageAt: at, lastInboundAt: at, lastMessagePreview: content, waitingSince: at })
        .where(eq(conversations.id, conversation.id));
    },

    /** Outbox payloads of one conversation, oldest first, optionally of one event type. */
    async events(conversationId: string, type?: string) {
      const rows = await db
        .select({ payload: outboxEvents.payload })
        .from(outboxEvents)
        .where(
          and(
            eq(outboxEvents.aggregateId, conversationId),
            type ? eq(outboxEvents.eventType, type) : sql`true`,
          ),
        )
        .orderBy(asc(outboxEvents.createdAt));
      return rows.map((r) => r.payload);
    },
  };
}
export type InboxKit = ReturnType<typeof inboxKit>;
