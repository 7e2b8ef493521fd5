import { randomUUID } from 'node:crypto';
import {
  ASSIGNMENT_NOTIFICATION,
  AssignmentNotificationData,
  CONVERSATION_QUEUE_UPDATED,
  CONVERSATION_ROUTED,
  ConversationRoutedData,
  QueueUpdatedData,
} from '@turumba/contracts';
import { outboxEvents } from '@turumba/platform/outbox';
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureJson } from '../channels/adapters/test-fixtures';
import { type PipelineHarness, startPipelineHarness } from '../channels/test-harness';
import { conversations } from '../conversations/tables';
import { messages } from '../messages/tables';
import { sign, webhookPath } from '../webhooks/test-signing';
import { eligibleAgent, waitFor } from './test-harness';

/*
 * Routing as the Messaging API runs it: buildApp and startWorkers, as start.ts composes them, on
 * the environment's PostgreSQL, RabbitMQ and Redis when their URLs are set. Bot rules and the
 * queue over HTTP; new customers' first WhatsApp messages through the signed webhook, the inbound
 * worker (contacts from the fake Account API), the bot router and the dispatcher; one agent with
 * room for one conversation, so the second customer waits until the first is resolved.
 */

const appSecret = 'composition_app_secret';
const whatsapp = {
  access_token: 'a',
  phone_number_id: 'p9',
  business_account_id: 'b',
  app_secret: appSecret,
  verify_token: 'v',
};

let h: PipelineHarness;
let channel: { id: string; webhook_url: string };
let agent: ReturnType<typeof eligibleAgent>;
const sent: { to: string; text: string }[] = [];

beforeAll(async () => {
  h = await startPipelineHarness({
    workerOptions: { routing: { drainIntervalMs: 0, accountApi: { retries: 0 } } },
  });
  agent = eligibleAgent({
    user_id: h.agent.userId,
    max_concurrent_conversations: 1,
    available_channels: ['whatsapp'],
    auto_accept: false,
  });
  h.accountApi.server.on('GET', '/internal/agents/eligible', () => ({
    body: { success: true, data: { at: new Date().toISOString(), agents: [agent] }, message: null },
  }));
  h.provider.on('GET', `/${whatsapp.phone_number_id}`, () => ({ body: { display_phone_number: '+1 555' } }));
  h.provider.on('POST', `/${whatsapp.phone_number_id}/messages`, ({ body }) => {
    const payload = JSON.parse(body.toString('utf8'));
    sent.push({ to: payload.to, text: payload.text?.body });
    return { body: { messaging_product: 'whatsapp', messages: [{ id: `wamid.${randomUUID()}` }] } };
  });
  const rule = await h.inject('POST', '/v1/bot-rules', h.admin, {
    name: 'Refunds',
    priority: 1,
    trigger_type: 'keyword',
    conditions: { keywords: ['refund'] },
    actions: {
      reply_text: 'Thanks {{contact_name}}, a billing agent will answer. {{queue_position}}',
      set_labels: ['billing'],
    },
  });
  expect(rule.statusCode).toBe(201);
  channel = await h.createChannel('whatsapp', whatsapp);
});
afterAll(async () => {
  await h?.cleanup();
});

/** A new customer's WhatsApp text, as Meta posts it; resolves once routing has decided. */
async function customerWrites(from: string, text: string) {
  const body = fixtureJson('whatsapp_text.json') as {
    entry: { changes: { value: { contacts: { wa_id: string }[]; messages: Record<string, unknown>[] } }[] }[];
  };
  const value = body.entry[0]!.changes[0]!.value;
  value.contacts[0]!.wa_id = from;
  value.messages[0] = {
    ...value.messages[0],
    from,
    id: `wamid.${randomUUID()}`,
    timestamp: String(Math.floor(Date.now() / 1000)),
    text: { body: text },
  };
  const raw = Buffer.from(JSON.stringify(body));
  const res = await h.postWebhook(webhookPath(channel.webhook_url), raw, sign.meta(appSecret, raw));
  expect(res.statusCode).toBe(200);
  return waitFor(async () => {
    const [row] = await h.db
      .select()
      .from(conversations)
      .where(and(eq(conversations.channelId, channel.id), eq(conversations.contactIdentifier, `+${from}`)));
    return row?.botContext ? row : undefined;
  });
}

const threadOf = (conversationId: string) =>
  h.db
    .select()
    .from(messages)
    .where(eq(messages.conversationId, conversationId))
    .orderBy(asc(messages.createdAt));

/** The `data` of the events of a type the outbox holds (about one conversation), oldest first. */
const eventsOf = async (type: string, conversationId?: string) =>
  (
    await h.db
      .select()
      .from(outboxEvents)
      .where(eq(outboxEvents.eventType, type))
      .orderBy(asc(outboxEvents.createdAt))
  )
    .filter((e) => !conversationId || e.aggregateId === conversationId)
    .map((e) => e.payload.data);

const queue = async () => {
  const res = await h.inject('GET', '/v1/queue', h.admin);
  expect(res.statusCode).toBe(200);
  return res.json() as {
    data: { position: number; conversation: { id: string } }[];
    meta: { total: number };
  };
};

describe('bot-first routing in the running Messaging API', () => {
  let first: typeof conversations.$inferSelect;
  let second: typeof conversations.$inferSelect;

  it('answers a new customer with the rule, labels the conversation and assigns the agent', async () => {
    first = await customerWrites('251922000001', 'Hello, I want a refund');
    expect(first).toMatchObject({ status: 'assigned', assigneeId: agent.user_id, labels: ['billing'] });
    expect(h.accountApi.upserts.map((u) => u.identifier)).toContain('+251922000001');

    const thread = await threadOf(first.id);
    const reply = thread.find((m) => m.senderType === 'bot');
    expect(reply).toMatchObject({ direction: 'outbound', isPrivate: false });
    expect(reply?.content).toMatch(/^Thanks .+, a billing agent will answer\.$/);
    expect(thread.find((m) => m.metadata?.event === 'routed')?.content).toBe(
      'Routed by bot rule "Refunds": assigned',
    );
    const delivered = await waitFor(() => sent.find((s) => s.to.endsWith('251922000001')));
    expect(delivered.text).toBe(reply!.content);

    const [routed] = await eventsOf(CONVERSATION_ROUTED, first.id);
    expect(ConversationRoutedData.parse(routed)).toMatchObject({
      outcome: 'assigned',
      assignee_id: agent.user_id,
      matched_rules: [{ name: 'Refunds' }],
    });
    const [notice] = await eventsOf(ASSIGNMENT_NOTIFICATION, first.id);
    expect(AssignmentNotificationData.parse(notice)).toMatchObject({
      user_id: agent.user_id,
      requires_acceptance: true,
      reason: 'bot',
    });
  });

  it('keeps the next customer waiting in /v1/queue while the agent is full, and says where', async () => {
    second = await customerWrites('251922000002', 'refund please');
    expect(second).toMatchObject({ status: 'open', assigneeId: null, queuedAt: expect.any(Date) });
    const waiting = await queue();
    expect(waiting.meta.total).toBe(1);
    expect(waiting.data).toMatchObject([{ position: 1, conversation: { id: second.id } }]);

    const reply = (await threadOf(second.id)).find((m) => m.senderType === 'bot');
    expect(reply?.content).toMatch(/a billing agent will answer\. 1$/);
    // Written just after the routing commits (queue/snapshots.ts).
    const updates = await waitFor(async () => {
      const written = await eventsOf(CONVERSATION_QUEUE_UPDATED);
      return written.length > 0 && written;
    });
    expect(QueueUpdatedData.parse(updates.at(-1))).toMatchObject({
      total: 1,
      entries: [{ conversation_id: second.id, position: 1 }],
    });
  });

  it('gives the waiting conversation to the agent once they resolve theirs', async () => {
    const resolved = await h.inject('PATCH', `/v1/conversations/${first.id}`, h.agent, {
      status: 'resolved',
    });
    expect(resolved.statusCode).toBe(200);
    const assigned = await waitFor(async () => {
      const [row] = await h.db.select().from(conversations).where(eq(conversations.id, second.id));
      return row?.assigneeId ? row : undefined;
    });
    expect(assigned).toMatchObject({ status: 'assigned', assigneeId: agent.user_id });
    expect((await queue()).meta.total).toBe(0);
    const routed = await eventsOf(CONVERSATION_ROUTED, second.id);
    expect(routed.map((data) => ConversationRoutedData.parse(data).outcome)).toEqual(['queued', 'assigned']);
  });

  it('documents the bot rules and the queue in its OpenAPI document (merged by the gateway at /docs)', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/openapi.json' });
    const paths = Object.keys(res.json().paths);
    for (const path of ['/v1/bot-rules', '/v1/bot-rules/{id}', '/v1/bot-rules/test', '/v1/queue'])
      expect(paths).toContain(path);
  });
});
