import { randomUUID } from 'node:crypto';
import type { EligibleAgent } from '@turumba/contracts';
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localTimeIn } from '../bot-rules/time-range';
import { fixtureJson } from '../channels/adapters/test-fixtures';
import { type PipelineHarness, startPipelineHarness } from '../channels/test-harness';
import { conversations } from '../conversations/tables';
import { messages } from '../messages/tables';
import { sign, webhookPath } from '../webhooks/test-signing';
import { eligibleAgent, waitFor } from './test-harness';

/*
 * The spec's five example rules (§5) through the whole pipeline as the Messaging API composes it
 * (buildApp + startWorkers): a signed WhatsApp webhook, the inbound worker, the bot router, the
 * dispatcher and the fake WhatsApp API. The clock is moved into
 * business hours in Addis Ababa (a whole number of hours ahead), so rule 1 (after hours) does not
 * shadow the others whenever the test runs.
 */

const tz = 'Africa/Addis_Ababa';
/** Hours to add to the real time for the Addis Ababa wall clock to read `hour` o'clock-something. */
const hoursUntil = (hour: number) => (24 + hour - Math.floor(localTimeIn(tz, new Date()).minute / 60)) % 24;
let hoursAhead = hoursUntil(12);
const clock = () => new Date(Date.now() + hoursAhead * 3_600_000);

const appSecret = 'pipeline_app_secret';
const whatsapp = {
  access_token: 'a',
  phone_number_id: 'p1',
  business_account_id: 'b',
  app_secret: appSecret,
  verify_token: 'v',
};
const teams = { logistics: randomUUID(), billing: randomUUID(), amharic: randomUUID() };
const billingAgent = eligibleAgent({
  team_ids: [teams.billing],
  available_topics: ['billing'],
  available_channels: ['whatsapp'],
});
const generalAgent = eligibleAgent({ team_ids: [] });
const pool: EligibleAgent[] = [billingAgent, generalAgent];

let h: PipelineHarness;
let channel: { id: string; webhook_url: string };
const sent: { to: string; text: string }[] = [];

beforeAll(async () => {
  h = await startPipelineHarness({
    clock,
    workerOptions: { routing: { drainIntervalMs: 0, accountApi: { retries: 0 } } },
  });
  h.accountApi.server.on('GET', '/internal/agents/eligible', ({ url }) => {
    const team = new URL(url, 'http://x').searchParams.get('team_id');
    const agents = pool.filter((a) => !team || a.team_ids.includes(team));
    return { body: { success: true, data: { at: clock().toISOString(), agents }, message: null } };
  });
  // The account's teams, as the Account API answers for them (a bot rule may only name these).
  for (const team of Object.values(teams)) {
    h.accountApi.server.on('GET', `/internal/teams/${team}/members`, () => ({
      body: { success: true, data: [], message: null },
    }));
  }
  h.provider.on('GET', `/${whatsapp.phone_number_id}`, () => ({ body: { display_phone_number: '+1 555' } }));
  h.provider.on('POST', `/${whatsapp.phone_number_id}/messages`, ({ body }) => {
    const payload = JSON.parse(body.toString('utf8'));
    sent.push({ to: payload.to, text: payload.text?.body });
    return { body: { messaging_product: 'whatsapp', messages: [{ id: `wamid.${randomUUID()}` }] } };
  });
  const rules = [
    {
      name: 'After hours',
      priority: 1,
      trigger_type: 'time_based',
      conditions: { time_range: { start: '18:00', end: '08:00', tz } },
      actions: { reply_text: "We're offline right now", assign_strategy: 'manual_queue' },
    },
    {
      name: 'Logistics',
      priority: 2,
      trigger_type: 'keyword',
      conditions: { channels: ['whatsapp'], keywords: ['order', 'delivery'] },
      actions: { assign_team_id: teams.logistics },
    },
    {
      name: 'Billing keywords',
      priority: 3,
      trigger_type: 'keyword',
      conditions: { keywords: ['refund', 'return', 'cancel'] },
      actions: {
        reply_text: 'Our refund policy: 30 days, {{contact_name}}.',
        assign_team_id: teams.billing,
        set_labels: ['billing', 'refund'],
        set_priority: 'high',
      },
    },
    {
      name: 'Amharic',
      priority: 4,
      trigger_type: 'new_conversation',
      conditions: { only_first_message: false, language: 'am' },
      actions: { assign_team_id: teams.amharic },
    },
    {
      name: 'Fallback',
      priority: 5,
      trigger_type: 'fallback',
      actions: { reply_text: 'An agent will be with you shortly', assign_strategy: 'round_robin' },
    },
  ];
  for (const rule of rules) {
    const res = await h.inject('POST', '/v1/bot-rules', h.admin, rule);
    expect(res.statusCode).toBe(201);
  }
  channel = await h.createChannel('whatsapp', whatsapp);
});
afterAll(async () => {
  await h?.cleanup();
});

/** A customer's WhatsApp text, as Meta posts it (fresh id and timestamp). */
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
  const path = webhookPath(channel.webhook_url);
  const res = await h.postWebhook(path, raw, sign.meta(appSecret, raw));
  expect(res.statusCode).toBe(200);
  return waitFor(async () => {
    const [row] = await h.db
      .select()
      .from(conversations)
      .where(and(eq(conversations.channelId, channel.id), eq(conversations.contactIdentifier, `+${from}`)));
    return row?.botContext ? row : undefined;
  });
}

const botReplies = async (conversationId: string) =>
  (
    await h.db
      .select()
      .from(messages)
      .where(eq(messages.conversationId, conversationId))
      .orderBy(asc(messages.createdAt))
  ).filter((m) => m.senderType === 'bot');

describe("the spec's example rules, end to end", () => {
  it('answers "I want a refund" on WhatsApp with the refund policy, labels it and gives it to a billing agent', async () => {
    const conversation = await customerWrites('251911000001', 'I want a refund');
    expect(conversation).toMatchObject({
      status: 'assigned',
      assigneeId: billingAgent.user_id,
      teamId: teams.billing,
      labels: ['billing', 'refund'],
      priority: 'high',
    });
    const [reply] = await botReplies(conversation.id);
    expect(reply).toMatchObject({
      direction: 'outbound',
      senderType: 'bot',
      content: expect.stringMatching(/^Our refund policy: 30 days, /),
    });
    const delivered = await waitFor(() =>
      sent.find((s) => s.to === '251911000001' || s.to === '+251911000001'),
    );
    expect(delivered.text).toBe(reply!.content);
    await waitFor(async () => (await botReplies(conversation.id))[0]?.status === 'sent');
  });

  it('sends WhatsApp orders to logistics, where nobody is free: the conversation waits', async () => {
    const conversation = await customerWrites('251911000002', 'where is my order');
    expect(conversation).toMatchObject({
      status: 'open',
      assigneeId: null,
      teamId: teams.logistics,
      queuedAt: expect.any(Date),
    });
    expect(conversation.botContext).toMatchObject({
      routing: { outcome: 'queued', matched_rules: [{ name: 'Logistics' }] },
    });
  });

  it('sends Amharic to the Amharic team', async () => {
    const conversation = await customerWrites('251911000003', 'ሰላም እርዳታ እፈልጋለሁ');
    expect(conversation).toMatchObject({ teamId: teams.amharic });
    expect(conversation.botContext).toMatchObject({
      routing: { language: 'am', matched_rules: [{ name: 'Amharic' }] },
    });
  });

  it('answers after hours with the offline reply and leaves the conversation in the manual queue', async () => {
    hoursAhead = hoursUntil(20);
    try {
      const conversation = await customerWrites('251911000005', 'I want a refund');
      expect(conversation).toMatchObject({ status: 'open', assigneeId: null, queuedAt: expect.any(Date) });
      expect(conversation.botContext).toMatchObject({
        routing: { outcome: 'queued', strategy: 'manual_queue', matched_rules: [{ name: 'After hours' }] },
      });
      expect((await botReplies(conversation.id)).map((m) => m.content)).toEqual(["We're offline right now"]);
    } finally {
      hoursAhead = hoursUntil(12);
    }
  });

  it('falls back to "An agent will be with you shortly" and round robin', async () => {
    const conversation = await customerWrites('251911000004', 'hello');
    expect(conversation.botContext).toMatchObject({
      routing: { strategy: 'round_robin', matched_rules: [{ name: 'Fallback' }] },
    });
    expect((await botReplies(conversation.id)).map((m) => m.content)).toEqual([
      'An agent will be with you shortly',
    ]);
    expect(conversation.assigneeId).not.toBeNull();
  });
});
