import { randomUUID } from 'node:crypto';
import { enqueue } from '@turumba/platform/outbox';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toConversationDto } from '../../services/messaging-api/src/conversations/dto';
import { conversations } from '../../services/messaging-api/src/conversations/tables';
import { toMessageDto } from '../../services/messaging-api/src/messages/dto';
import { messages } from '../../services/messaging-api/src/messages/tables';
import { inboundEvents } from '../../services/messaging-api/src/webhooks/tables';
import {
  type AcceptedMessage,
  type FaultStack,
  metaSignature,
  startFaultStack,
  waitFor,
  whatsappReceipt,
  whatsappText,
} from './harness';
import { type InvariantInput, settleAndCheck } from './invariants';

// Faults that need no broker outage: provider retries, receipts out of order, a poisoned payload.
// They run on the real servers when their URLs are set, on the embedded parts otherwise.
let h: FaultStack;
let channel: { id: string; path: string };
const accepted: AcceptedMessage[] = [];

async function post(body: Buffer, providerMessageId?: string): Promise<number> {
  const status = await h.postWebhook(channel.path, body);
  if (providerMessageId && status >= 200 && status < 300)
    accepted.push({ channelId: channel.id, providerMessageId });
  return status;
}

const invariants = (): InvariantInput => ({
  db: h.db,
  accountId: h.accountId,
  acceptedMessages: accepted,
  ready: h.ready,
});

async function messagesWith(providerMessageId: string) {
  return h.db
    .select()
    .from(messages)
    .where(and(eq(messages.channelId, channel.id), eq(messages.providerMessageId, providerMessageId)));
}

/** An outbound agent reply in the customer's conversation, announced as the reply use-case does. */
async function agentReply(waId: string) {
  const [conversation] = await h.db
    .select()
    .from(conversations)
    .where(and(eq(conversations.channelId, channel.id), eq(conversations.contactIdentifier, `+${waId}`)));
  if (!conversation) throw new Error(`no conversation for ${waId}`);
  return h.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(messages)
      .values({
        id: randomUUID(),
        accountId: conversation.accountId,
        conversationId: conversation.id,
        channelId: conversation.channelId,
        direction: 'outbound',
        senderType: 'agent',
        senderId: randomUUID(),
        content: 'On its way',
        status: 'queued',
      })
      .returning();
    await enqueue(tx, {
      event_type: 'conversation.message.created',
      account_id: conversation.accountId,
      aggregate_type: 'conversation',
      aggregate_id: conversation.id,
      data: {
        message: toMessageDto(row!),
        conversation: toConversationDto(conversation),
        is_new_conversation: false,
      },
    });
    return row!;
  });
}

async function statusOf(messageId: string) {
  const [row] = await h.db.select().from(messages).where(eq(messages.id, messageId));
  return row!;
}

async function settledEvents() {
  const rows = await h.db.select().from(inboundEvents).where(eq(inboundEvents.channelId, channel.id));
  return rows.every((r) => r.status !== 'received');
}

beforeAll(async () => {
  h = await startFaultStack({ workerOptions: { routing: false } });
  channel = await h.createWhatsappChannel();
});
afterAll(() => h?.cleanup());

describe('when a provider delivers the same webhook 10 times', () => {
  it('stores one message for 10 concurrent deliveries and 10 sequential ones', async () => {
    const concurrent = whatsappText('251911100001', 'wamid.dup-concurrent');
    const statuses = await Promise.all(
      Array.from({ length: 10 }, () => post(concurrent, 'wamid.dup-concurrent')),
    );
    expect(statuses.every((s) => s === 200)).toBe(true);
    const sequential = whatsappText('251911100001', 'wamid.dup-sequential');
    for (let i = 0; i < 10; i++) expect(await post(sequential, 'wamid.dup-sequential')).toBe(200);

    await waitFor(
      async () => (await messagesWith('wamid.dup-sequential')).length === 1 && settledEvents(),
      'both messages',
    );
    expect(await messagesWith('wamid.dup-concurrent')).toHaveLength(1);
    expect(await messagesWith('wamid.dup-sequential')).toHaveLength(1);
    const events = await h.db.select().from(inboundEvents).where(eq(inboundEvents.channelId, channel.id));
    expect(events).toHaveLength(2);
    expect(await settleAndCheck(invariants())).toEqual([]);
  });
});

describe('when provider receipts arrive out of order', () => {
  it('keeps the furthest status: read after delivered after sent, in reverse', async () => {
    const waId = '251911100002';
    expect(await post(whatsappText(waId, 'wamid.hello-2'), 'wamid.hello-2')).toBe(200);
    await waitFor(async () => (await messagesWith('wamid.hello-2')).length === 1, 'the customer message');
    h.provider.on('POST', '/faults-phone/messages', () => ({
      body: { messages: [{ id: 'wamid.reply-2' }] },
    }));
    const reply = await agentReply(waId);
    await waitFor(async () => (await statusOf(reply.id)).status === 'sent', 'the reply sent');

    for (const status of ['read', 'delivered', 'sent'])
      expect(await post(whatsappReceipt('wamid.reply-2', status, waId))).toBe(200);
    await waitFor(settledEvents, 'receipts processed');
    const row = await statusOf(reply.id);
    expect(row.status).toBe('read');
    expect(row.readAt).not.toBeNull();
    expect(row.deliveredAt).not.toBeNull();
    expect(await settleAndCheck(invariants())).toEqual([]);
  });

  it("applies a 'delivered' that arrives before the message's own 'sent' is recorded", async () => {
    const waId = '251911100003';
    expect(await post(whatsappText(waId, 'wamid.hello-3'), 'wamid.hello-3')).toBe(200);
    await waitFor(async () => (await messagesWith('wamid.hello-3')).length === 1, 'the customer message');
    // The provider takes the message, and its receipt reaches us before its answer to our send.
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let isCalled = false;
    h.provider.on('POST', '/faults-phone/messages', async () => {
      isCalled = true;
      await held;
      return { body: { messages: [{ id: 'wamid.reply-3' }] } };
    });
    const reply = await agentReply(waId);
    await waitFor(() => isCalled, 'the send in flight');
    expect(await post(whatsappReceipt('wamid.reply-3', 'delivered', waId))).toBe(200);
    await waitFor(async () => {
      const rows = await h.db.select().from(inboundEvents).where(eq(inboundEvents.channelId, channel.id));
      return rows.some((r) => r.rawBody.includes('wamid.reply-3') && r.attempts > 0);
    }, 'a first attempt that finds no sent message');
    release();
    await waitFor(async () => (await statusOf(reply.id)).status === 'delivered', 'delivered wins', 30_000);
    const row = await statusOf(reply.id);
    expect(row.providerMessageId).toBe('wamid.reply-3');
    expect(row.sentAt).not.toBeNull();
    expect(await settleAndCheck(invariants())).toEqual([]);
  });
});

describe('when a signed provider payload is permanently bad', () => {
  it('acknowledges it, dead-letters it with its reason, and keeps processing what follows', async () => {
    const poisoned = Buffer.from('{"object":"whatsapp_business_account","entry":[{"changes":');
    expect(metaSignature(poisoned)['x-hub-signature-256']).toMatch(/^sha256=/);
    expect(await post(poisoned)).toBe(200);
    const notWhatsapp = Buffer.from(JSON.stringify({ object: 'whatsapp_business_account', entry: 'nope' }));
    expect(await post(notWhatsapp)).toBe(200);
    expect(await post(whatsappText('251911100004', 'wamid.after-poison'), 'wamid.after-poison')).toBe(200);

    await waitFor(async () => (await messagesWith('wamid.after-poison')).length === 1, 'the next message');
    await waitFor(settledEvents, 'every webhook settled');
    const rows = await h.db.select().from(inboundEvents).where(eq(inboundEvents.channelId, channel.id));
    const dead = rows.filter(
      (r) => r.rawBody === poisoned.toString() || r.rawBody === notWhatsapp.toString(),
    );
    expect(dead).toHaveLength(2);
    for (const row of dead) {
      expect(row.status).toBe('failed');
      expect(row.error).toMatch(/whatsapp|JSON|expected/i);
    }
    // A redelivery of the poisoned bytes is the same event: acknowledged, not stored again.
    expect(await post(poisoned)).toBe(200);
    const again = await h.db.select().from(inboundEvents).where(eq(inboundEvents.channelId, channel.id));
    expect(again).toHaveLength(rows.length);
    expect(await settleAndCheck(invariants())).toEqual([]);
  });
});
