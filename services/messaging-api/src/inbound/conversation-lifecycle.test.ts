import { outboxEvents } from '@turumba/platform/outbox';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureJson } from '../channels/adapters/test-fixtures';
import { type PipelineHarness, startPipelineHarness, waitFor } from '../channels/test-harness';
import { conversations } from '../conversations/tables';
import { messages } from '../messages/tables';
import { sign, webhookPath } from '../webhooks/test-signing';

const secret = 'test_app_secret_123';
let h: PipelineHarness;
let channel: { id: string; webhook_url: string };
let sequence = 0;

/** The customer `waId` writes once more; resolves with the conversation the message landed in. */
async function customerWrites(waId: string) {
  const id = `wamid.lifecycle-${++sequence}`;
  const body = fixtureJson('whatsapp_text.json');
  const value = body.entry[0].changes[0].value;
  value.contacts[0].wa_id = waId;
  Object.assign(value.messages[0], { from: waId, id });
  const raw = Buffer.from(JSON.stringify(body));
  expect(
    (await h.postWebhook(webhookPath(channel.webhook_url), raw, sign.meta(secret, raw))).statusCode,
  ).toBe(200);
  const message = await waitFor(
    () =>
      h.db
        .select()
        .from(messages)
        .where(eq(messages.providerMessageId, id))
        .then((rows) => rows[0]),
    `message ${id}`,
  );
  const [conversation] = await h.db
    .select()
    .from(conversations)
    .where(eq(conversations.id, message.conversationId));
  return { conversation: conversation!, message };
}

async function setStatus(id: string, status: 'resolved' | 'pending' | 'closed' | 'bot') {
  await h.db
    .update(conversations)
    .set({ status, resolvedAt: status === 'resolved' ? new Date() : null })
    .where(eq(conversations.id, id));
}

async function eventsOf(conversationId: string) {
  const rows = await h.db
    .select()
    .from(outboxEvents)
    .where(and(eq(outboxEvents.aggregateId, conversationId)));
  return rows.map((r) => r.payload);
}

beforeAll(async () => {
  // The inbound path alone: routing would route, reply to and queue these conversations.
  h = await startPipelineHarness({ workerOptions: { routing: false } });
  channel = await h.createChannel('whatsapp', {
    access_token: 'a',
    phone_number_id: 'p',
    business_account_id: 'b',
    app_secret: secret,
    verify_token: 'v',
  });
});
afterAll(() => h.cleanup());

describe('a customer message and the conversation it lands in', () => {
  it('opens a conversation once, then appends to it', async () => {
    const first = await customerWrites('251900000001');
    const second = await customerWrites('251900000001');
    expect(second.conversation.id).toBe(first.conversation.id);
    const events = await eventsOf(first.conversation.id);
    expect(events.filter((e) => e.event_type === 'conversation.created')).toHaveLength(1);
    const created = events.filter((e) => e.event_type === 'conversation.message.created');
    expect(created.map((e) => e.data.is_new_conversation)).toEqual([true, false]);
    expect(created[0]!.data.message).toMatchObject({
      id: first.message.id,
      direction: 'inbound',
      sender_type: 'contact',
    });
    expect((created[1]!.data.conversation as { last_message_preview: string }).last_message_preview).toBe(
      'Does it come in another color?',
    );
  });

  it('reopens a resolved conversation as open and clears resolved_at', async () => {
    const { conversation } = await customerWrites('251900000002');
    await setStatus(conversation.id, 'resolved');
    const again = await customerWrites('251900000002');
    expect(again.conversation).toMatchObject({ id: conversation.id, status: 'open', resolvedAt: null });
    const changed = (await eventsOf(conversation.id)).find(
      (e) => e.event_type === 'conversation.status_changed',
    );
    expect(changed?.data.changes).toEqual({ status: { from: 'resolved', to: 'open' } });
  });

  it('moves a pending conversation back to assigned', async () => {
    const { conversation } = await customerWrites('251900000003');
    await setStatus(conversation.id, 'pending');
    expect((await customerWrites('251900000003')).conversation).toMatchObject({
      id: conversation.id,
      status: 'assigned',
    });
  });

  it('leaves a bot conversation with the bot', async () => {
    const { conversation } = await customerWrites('251900000004');
    await setStatus(conversation.id, 'bot');
    expect((await customerWrites('251900000004')).conversation).toMatchObject({
      id: conversation.id,
      status: 'bot',
    });
  });

  it('starts a new conversation after a closed one, with the next display id', async () => {
    const { conversation } = await customerWrites('251900000005');
    await setStatus(conversation.id, 'closed');
    const next = await customerWrites('251900000005');
    expect(next.conversation.id).not.toBe(conversation.id);
    expect(next.conversation.status).toBe('open');
    expect(next.conversation.displayId).toBeGreaterThan(conversation.displayId);
    const [closed] = await h.db.select().from(conversations).where(eq(conversations.id, conversation.id));
    expect(closed!.status).toBe('closed');
  });
});
