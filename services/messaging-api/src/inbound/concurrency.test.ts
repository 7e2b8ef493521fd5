import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureJson } from '../channels/adapters/test-fixtures';
import { type PipelineHarness, startPipelineHarness, waitFor } from '../channels/test-harness';
import { contactIdentifiers } from '../contact-identifiers/tables';
import { conversations } from '../conversations/tables';
import { messages } from '../messages/tables';
import { inboundEvents } from '../webhooks/tables';
import { sign, webhookPath } from '../webhooks/test-signing';

const secret = 'test_app_secret_123';
const credentials = {
  access_token: 'a',
  phone_number_id: 'p',
  business_account_id: 'b',
  app_secret: secret,
  verify_token: 'v',
};

let h: PipelineHarness;

/** A WhatsApp text webhook from `waId` with the given message ids (one message each). */
function whatsappText(waId: string, messageIds: string[], text = 'hello'): Buffer {
  const body = fixtureJson('whatsapp_text.json');
  const value = body.entry[0].changes[0].value;
  const template = value.messages[0];
  value.contacts = messageIds.map(() => ({ profile: { name: `Customer ${waId}` }, wa_id: waId }));
  value.messages = messageIds.map((id) => ({ ...template, from: waId, id, text: { body: `${text} ${id}` } }));
  return Buffer.from(JSON.stringify(body));
}

/** One webhook carrying one message from each sender. */
function whatsappFrom(senders: string[], id: string): Buffer {
  const body = fixtureJson('whatsapp_text.json');
  const value = body.entry[0].changes[0].value;
  const template = value.messages[0];
  value.contacts = senders.map((waId) => ({ profile: { name: waId }, wa_id: waId }));
  value.messages = senders.map((waId) => ({ ...template, from: waId, id: `${id}-${waId}` }));
  return Buffer.from(JSON.stringify(body));
}

async function post(channel: { webhook_url: string }, body: Buffer) {
  const response = await h.postWebhook(webhookPath(channel.webhook_url), body, sign.meta(secret, body));
  expect(response.statusCode).toBe(200);
}

async function countWhere(
  table: typeof messages | typeof conversations | typeof inboundEvents,
  channelId: string,
) {
  const [row] = await h.db.select({ n: count() }).from(table).where(eq(table.channelId, channelId));
  return row!.n;
}

async function settled(channelId: string) {
  const rows = await h.db.select().from(inboundEvents).where(eq(inboundEvents.channelId, channelId));
  return rows.every((r) => r.status === 'processed');
}

beforeAll(async () => {
  h = await startPipelineHarness({ workerOptions: { routing: false } });
});
afterAll(() => h.cleanup());

describe('inbound under retries and concurrency', () => {
  it('stores one event and one message when a provider replays a webhook 5 times', async () => {
    const channel = await h.createChannel('whatsapp', credentials);
    const body = whatsappText('251911000001', ['wamid.replay']);
    for (let i = 0; i < 5; i++) await post(channel, body);
    await waitFor(
      async () => (await countWhere(messages, channel.id)) === 1 && settled(channel.id),
      'the message',
    );
    expect(await countWhere(inboundEvents, channel.id)).toBe(1);
    expect(await countWhere(messages, channel.id)).toBe(1);
  });

  it('stores one message when 20 different webhooks carry the same provider message at once', async () => {
    const channel = await h.createChannel('whatsapp', credentials);
    // Different bytes (so 20 stored events) around one message id: the workers race on it.
    const bodies = Array.from({ length: 20 }, (_, i) =>
      whatsappText('251911000009', ['wamid.same'], `v${i}`),
    );
    await Promise.all(bodies.map((body) => post(channel, body)));
    await waitFor(
      async () => (await countWhere(inboundEvents, channel.id)) === 20 && settled(channel.id),
      'every event processed',
      60_000,
    );
    expect(await countWhere(messages, channel.id)).toBe(1);
    expect(await countWhere(conversations, channel.id)).toBe(1);
  });

  it('stores a burst from 40 customers once each, and dead-letters a bad payload in the same burst', async () => {
    const channel = await h.createChannel('whatsapp', credentials);
    const bad = Buffer.from('{"object":"whatsapp_business_account","entry":"broken"}');
    const bodies = Array.from({ length: 40 }, (_, i) =>
      whatsappText(`2519110100${String(i).padStart(2, '0')}`, [`wamid.mix-${i}`]),
    );
    // Concurrent deliveries go through the worker in batches; the bad one leaves its batch.
    await Promise.all([...bodies.slice(0, 20), bad, ...bodies.slice(20)].map((body) => post(channel, body)));
    await waitFor(async () => {
      const rows = await h.db.select().from(inboundEvents).where(eq(inboundEvents.channelId, channel.id));
      return rows.length === 41 && rows.every((r) => r.status !== 'received');
    }, 'every event handled');
    const rows = await h.db.select().from(inboundEvents).where(eq(inboundEvents.channelId, channel.id));
    expect(rows.filter((r) => r.status === 'processed')).toHaveLength(40);
    expect(rows.filter((r) => r.status === 'failed').map((r) => r.error)).toEqual([
      expect.stringMatching(/unparseable payload/),
    ]);
    expect(await countWhere(messages, channel.id)).toBe(40);
    expect(await countWhere(conversations, channel.id)).toBe(40);
  });

  it('makes exactly one conversation for 50 concurrent first messages of a new customer', async () => {
    const channel = await h.createChannel('whatsapp', credentials);
    const ids = Array.from({ length: 50 }, (_, i) => `wamid.burst-${i}`);
    await Promise.all(ids.map((id) => post(channel, whatsappText('251911000002', [id]))));
    await waitFor(async () => (await countWhere(messages, channel.id)) === 50, '50 messages', 60_000);
    expect(await countWhere(conversations, channel.id)).toBe(1);
    const [conversation] = await h.db
      .select()
      .from(conversations)
      .where(eq(conversations.channelId, channel.id));
    expect(conversation!.displayId).toBeGreaterThan(0);
    const identities = await h.db
      .select()
      .from(contactIdentifiers)
      .where(eq(contactIdentifiers.identifier, '+251911000002'));
    expect(identities).toHaveLength(1);
  });

  it('makes one conversation when two worker consumers share the queue', async () => {
    await h.startMoreWorkers();
    const channel = await h.createChannel('whatsapp', credentials);
    const ids = Array.from({ length: 30 }, (_, i) => `wamid.pair-${i}`);
    await Promise.all(ids.map((id) => post(channel, whatsappText('251911000003', [id]))));
    await waitFor(async () => (await countWhere(messages, channel.id)) === 30, '30 messages', 60_000);
    expect(await countWhere(conversations, channel.id)).toBe(1);
    const displayIds = (
      await h.db.select().from(conversations).where(eq(conversations.accountId, h.accountId))
    ).map((c) => c.displayId);
    expect(new Set(displayIds).size).toBe(displayIds.length);
  });

  it('loses nothing when the worker fails after its first write: the redelivery completes it', async () => {
    const channel = await h.createChannel('whatsapp', credentials);
    // The first sender resolves (its identifier row is written), then the Account API fails for
    // the second beyond the client's own retry, so the whole attempt throws.
    h.accountApi.failUpsertsFor('+251911000005', 2);
    await post(channel, whatsappFrom(['251911000004', '251911000005'], 'wamid.crash'));
    await waitFor(
      async () => (await countWhere(messages, channel.id)) === 2 && settled(channel.id),
      'both messages',
    );
    expect(await countWhere(conversations, channel.id)).toBe(2);
    const [event] = await h.db.select().from(inboundEvents).where(eq(inboundEvents.channelId, channel.id));
    expect(event!.attempts).toBeGreaterThanOrEqual(1);
    expect(event!.status).toBe('processed');
  });
});
