import { randomUUID } from 'node:crypto';
import { gatewayHeaders } from '@turumba/platform/testing';
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyUpdate } from '../conversations/apply-update';
import { conversations } from '../conversations/tables';
import { messages } from '../messages/tables';
import { eligibleAgent, type RoutingHarness, startRoutingHarness, waitFor } from './test-harness';
import { createRouting } from './workers';

let h: RoutingHarness;
let routing: ReturnType<typeof createRouting>['routing'];
const billing = randomUUID();
const empty = randomUUID();
const billingAgent = eligibleAgent({
  team_ids: [billing],
  available_topics: ['billing'],
  available_channels: ['whatsapp', 'telegram', 'email'],
  max_concurrent_conversations: 2,
});
const generalAgent = eligibleAgent({ auto_accept: false, max_concurrent_conversations: 50 });

beforeAll(async () => {
  h = await startRoutingHarness();
  h.agents.push(billingAgent, generalAgent);
  routing = createRouting(h.deps, { accountApi: { retries: 0 } }).routing;
  const rules = [
    {
      name: 'Billing',
      priority: 3,
      trigger_type: 'keyword',
      conditions: { keywords: ['refund', 'return', 'cancel'] },
      actions: {
        reply_text: 'Refund policy, {{contact_name}}',
        assign_team_id: billing,
        set_labels: ['billing', 'refund'],
        set_priority: 'high',
      },
    },
    {
      name: 'Nobody',
      priority: 4,
      trigger_type: 'keyword',
      conditions: { keywords: ['warranty'] },
      actions: { reply_text: 'You are number {{queue_position}} in line', assign_team_id: empty },
    },
    {
      name: 'Bot',
      priority: 5,
      trigger_type: 'keyword',
      conditions: { keywords: ['menu'] },
      actions: { reply_text: 'Pick 1 or 2', set_status: 'bot', collect_info: ['order_number'] },
    },
    {
      name: 'Spam',
      priority: 6,
      trigger_type: 'keyword',
      conditions: { keywords: ['casino'] },
      actions: { set_status: 'closed' },
    },
    {
      name: 'Manual',
      priority: 7,
      trigger_type: 'channel',
      conditions: { channels: ['email'] },
      actions: { assign_strategy: 'manual_queue' },
    },
  ];
  for (const rule of rules)
    expect((await h.inject('POST', '/v1/bot-rules', h.admin, rule)).statusCode).toBe(201);
});
afterAll(() => h?.cleanup());

const load = async (id: string) =>
  (await h.db.select().from(conversations).where(eq(conversations.id, id)))[0]!;
const thread = (id: string) =>
  h.db.select().from(messages).where(eq(messages.conversationId, id)).orderBy(asc(messages.createdAt));
const botReplies = async (id: string) => (await thread(id)).filter((m) => m.senderType === 'bot');

async function resolve(id: string) {
  await h.db.transaction(async (tx) => {
    const [row] = await tx.select().from(conversations).where(eq(conversations.id, id)).for('update');
    await applyUpdate(
      tx,
      h.deps,
      row!,
      { status: 'resolved' },
      { userId: null, isManager: true },
      new Date(),
    );
  });
}

describe('the bot router on conversation.message.created', () => {
  it('answers a refund request, labels it and gives it to an eligible billing agent', async () => {
    const conversation = await h.createConversation();
    await h.customerSays(conversation, 'I want a refund');
    const routed = await waitFor(
      async () => (await load(conversation.id)).status === 'assigned' && load(conversation.id),
    );
    expect(routed).toMatchObject({
      assigneeId: billingAgent.user_id,
      teamId: billing,
      labels: ['billing', 'refund'],
      priority: 'high',
      queuedAt: null,
    });
    expect(routed.botContext).toMatchObject({
      routing: {
        outcome: 'assigned',
        matched_rules: [{ name: 'Billing' }],
        strategy: 'least_busy',
        topic: 'billing',
        acceptance: 'auto',
      },
    });
    const replies = await botReplies(conversation.id);
    expect(replies).toEqual([
      expect.objectContaining({
        direction: 'outbound',
        senderType: 'bot',
        status: 'queued',
        isPrivate: false,
        content: 'Refund policy, Abebe',
      }),
    ]);
    const lines = (await thread(conversation.id))
      .filter((m) => m.senderType === 'system')
      .map((m) => m.content);
    expect(lines).toContain('Routed by bot rule "Billing": assigned');
    await waitFor(() => h.eventsOf('conversation.routed').find((e) => e.aggregate_id === conversation.id));
    const routedEvent = h.eventsOf('conversation.routed').find((e) => e.aggregate_id === conversation.id)!;
    expect(routedEvent.data).toMatchObject({
      outcome: 'assigned',
      assignee_id: billingAgent.user_id,
      trigger: 'message',
    });
    await waitFor(() => h.eventsOf('conversation.assigned').find((e) => e.aggregate_id === conversation.id));
    const notice = await waitFor(() =>
      h.eventsOf('conversation.notification.assignment').find((e) => e.aggregate_id === conversation.id),
    );
    expect(notice.data).toMatchObject({ user_id: billingAgent.user_id, requires_acceptance: false });
    const sent = await waitFor(() =>
      h
        .eventsOf('conversation.message.created')
        .find(
          (e) =>
            (e.data as { message: { sender_type: string; conversation_id: string } }).message.sender_type ===
              'bot' && e.aggregate_id === conversation.id,
        ),
    );
    expect(sent.data).toMatchObject({ message: { status: 'queued', direction: 'outbound' } });
  });

  it('queues when nobody is eligible, telling the customer their position', async () => {
    const first = await h.createConversation();
    const second = await h.createConversation();
    const a = await routing.routeMessage(randomUUID(), await h.customerMessage(first, 'my warranty'));
    const b = await routing.routeMessage(randomUUID(), await h.customerMessage(second, 'warranty please'));
    expect([a, b]).toMatchObject([
      { outcome: 'queued', queuePosition: 1 },
      { outcome: 'queued', queuePosition: 2 },
    ]);
    expect((await botReplies(second.id)).map((m) => m.content)).toEqual(['You are number 2 in line']);
    expect(await load(second.id)).toMatchObject({
      status: 'open',
      assigneeId: null,
      teamId: empty,
      queuedAt: expect.any(Date),
    });
    const update = await waitFor(() =>
      h.eventsOf('conversation.queue.updated').find((e) => (e.data as { total: number }).total >= 2),
    );
    expect((update.data as { entries: unknown[] }).entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ conversation_id: second.id, position: 2, team_id: empty }),
      ]),
    );
  });

  it('leaves conversations someone holds, or that already wait, alone', async () => {
    for (const values of [
      { status: 'assigned' as const, assigneeId: generalAgent.user_id },
      { status: 'pending' as const, assigneeId: generalAgent.user_id },
    ]) {
      const held = await h.createConversation(values);
      expect(await routing.routeMessage(randomUUID(), await h.customerMessage(held, 'refund'))).toBeNull();
    }
    const waiting = await h.createConversation();
    await routing.routeMessage(randomUUID(), await h.customerMessage(waiting, 'warranty'));
    const again = await routing.routeMessage(
      randomUUID(),
      await h.customerMessage(await load(waiting.id), 'hello?', false),
    );
    expect(again).toBeNull();
    expect(await botReplies(waiting.id)).toHaveLength(1);
    const outbound = await routing.routeMessage(randomUUID(), {
      ...(await h.customerMessage(await h.createConversation(), 'refund')),
      message: {
        ...(await h.customerMessage(await h.createConversation(), 'x')).message,
        direction: 'outbound',
        sender_type: 'agent',
      },
    });
    expect(outbound).toBeNull();
  });

  it('handles a redelivered event once', async () => {
    const conversation = await h.createConversation();
    const data = await h.customerMessage(conversation, 'warranty');
    const eventId = randomUUID();
    expect(await routing.routeMessage(eventId, data)).toMatchObject({ outcome: 'queued' });
    await h.db.update(conversations).set({ botContext: null }).where(eq(conversations.id, conversation.id));
    expect(await routing.routeMessage(eventId, data)).toEqual({ outcome: 'skipped', reason: 'duplicate' });
    expect(await botReplies(conversation.id)).toHaveLength(1);
  });

  it('keeps a conversation with the bot, replying once per rule, and stores what to collect', async () => {
    const conversation = await h.createConversation();
    expect(
      await routing.routeMessage(randomUUID(), await h.customerMessage(conversation, 'menu')),
    ).toMatchObject({ outcome: 'bot' });
    expect(
      await routing.routeMessage(
        randomUUID(),
        await h.customerMessage(await load(conversation.id), 'menu', false),
      ),
    ).toMatchObject({ outcome: 'bot' });
    const row = await load(conversation.id);
    expect(row).toMatchObject({
      status: 'bot',
      assigneeId: null,
      queuedAt: null,
      botContext: { collect_info: ['order_number'] },
    });
    expect(await botReplies(conversation.id)).toHaveLength(1);
    expect(
      await routing.routeMessage(randomUUID(), await h.customerMessage(row, 'refund please', false)),
    ).toMatchObject({ outcome: 'assigned' });
  });

  it('closes a conversation a rule says to close', async () => {
    const conversation = await h.createConversation();
    expect(
      await routing.routeMessage(randomUUID(), await h.customerMessage(conversation, 'casino bonus')),
    ).toMatchObject({ outcome: 'closed' });
    expect((await load(conversation.id)).status).toBe('closed');
  });

  it('puts a manual-queue conversation in the queue without assigning it', async () => {
    const conversation = await h.createConversation({ channelType: 'email' });
    expect(
      await routing.routeMessage(randomUUID(), await h.customerMessage(conversation, 'hello')),
    ).toMatchObject({ outcome: 'queued' });
  });

  it('routes without rules to an eligible agent, asking one without auto-accept to accept', async () => {
    // Only the general agent takes SMS.
    const conversation = await h.createConversation({ channelType: 'sms' });
    const result = await routing.routeMessage(
      randomUUID(),
      await h.customerMessage(conversation, 'hello there'),
    );
    expect(result).toMatchObject({ outcome: 'assigned', assigneeId: generalAgent.user_id });
    expect((await load(conversation.id)).botContext).toMatchObject({
      routing: { matched_rules: [], acceptance: 'awaiting' },
    });
    const notice = await waitFor(() =>
      h.eventsOf('conversation.notification.assignment').find((e) => e.aggregate_id === conversation.id),
    );
    expect(notice.data).toMatchObject({ user_id: generalAgent.user_id, requires_acceptance: true });
  });

  it('gives a reopened conversation back to its previous agent when they may take it', async () => {
    const conversation = await h.createConversation({ channelType: 'telegram' });
    await routing.routeMessage(randomUUID(), await h.customerMessage(conversation, 'hello'));
    const first = (await load(conversation.id)).assigneeId!;
    await resolve(conversation.id);
    // The inbound worker reopens a resolved conversation as open, keeping its assignee.
    await h.db
      .update(conversations)
      .set({ status: 'open', resolvedAt: null })
      .where(eq(conversations.id, conversation.id));
    const other = first === generalAgent.user_id ? billingAgent : generalAgent;
    await h.db.update(conversations).set({ assigneeId: first }).where(eq(conversations.id, conversation.id));
    const result = await routing.routeMessage(
      randomUUID(),
      await h.customerMessage(await load(conversation.id), 'me again', false),
    );
    expect(result).toMatchObject({ outcome: 'assigned', assigneeId: first });
    expect(other.user_id).not.toBe(first);
    expect((await load(conversation.id)).status).toBe('assigned');
  });
});

describe('when the Account API is down', () => {
  it('routes from the last known snapshot', async () => {
    const before = await h.createConversation({ channelType: 'sms' });
    expect(await routing.routeMessage(randomUUID(), await h.customerMessage(before, 'hello'))).toMatchObject({
      outcome: 'assigned',
    });
    h.accountApi.isDown = true;
    try {
      // The snapshot is out of date: routing asks the Account API, which fails, and uses it anyway.
      await h.kv.incr(`messaging:routing:eligible-version:${h.accountId}`);
      const calls = h.accountApi.calls;
      const conversation = await h.createConversation({ channelType: 'sms' });
      const result = await routing.routeMessage(randomUUID(), await h.customerMessage(conversation, 'hello'));
      expect(result).toMatchObject({ outcome: 'assigned', assigneeId: generalAgent.user_id });
      expect(h.accountApi.calls).toBeGreaterThan(calls);
    } finally {
      h.accountApi.isDown = false;
    }
  });

  it('queues the conversation when no snapshot was ever taken, and assigns it once the agents are known', async () => {
    const team = randomUUID();
    const rule = {
      name: 'Fresh team',
      priority: 1,
      trigger_type: 'keyword',
      conditions: { keywords: ['fresh'] },
      actions: { assign_team_id: team },
    };
    expect((await h.inject('POST', '/v1/bot-rules', h.admin, rule)).statusCode).toBe(201);
    const conversation = await h.createConversation();
    h.accountApi.isDown = true;
    try {
      expect(
        await routing.routeMessage(randomUUID(), await h.customerMessage(conversation, 'fresh start')),
      ).toMatchObject({ outcome: 'queued' });
    } finally {
      h.accountApi.isDown = false;
    }
    const agent = eligibleAgent({ team_ids: [team] });
    h.agents.push(agent);
    await h.deps.bus.publish('agent.preference.updated', {
      event_id: randomUUID(),
      event_type: 'agent.preference.updated',
      version: 1,
      occurred_at: new Date().toISOString(),
      account_id: h.accountId,
      aggregate_type: 'agent_preferences',
      aggregate_id: agent.user_id,
      data: { user_id: agent.user_id, reason: 'availability_changed', preferences: null },
    });
    const assigned = await waitFor(async () => (await load(conversation.id)).assigneeId);
    expect(assigned).toBe(agent.user_id);
  });
});

describe('the queue drain', () => {
  it('assigns the next waiting conversation when an agent resolves one', async () => {
    const team = randomUUID();
    const agent = eligibleAgent({ team_ids: [team], max_concurrent_conversations: 1 });
    h.agents.push(agent);
    const rule = {
      name: 'Solo',
      priority: 1,
      trigger_type: 'keyword',
      conditions: { keywords: ['solo'] },
      actions: { assign_team_id: team, reply_text: 'Position {{queue_position}}' },
    };
    expect((await h.inject('POST', '/v1/bot-rules', h.admin, rule)).statusCode).toBe(201);
    const first = await h.createConversation();
    const second = await h.createConversation({ priority: 'urgent' });
    expect(await routing.routeMessage(randomUUID(), await h.customerMessage(first, 'solo'))).toMatchObject({
      outcome: 'assigned',
    });
    expect(await routing.routeMessage(randomUUID(), await h.customerMessage(second, 'solo'))).toMatchObject({
      outcome: 'queued',
      queuePosition: 1,
    });
    await resolve(first.id);
    const taken = await waitFor(async () => (await load(second.id)).assigneeId);
    expect(taken).toBe(agent.user_id);
    expect(await load(second.id)).toMatchObject({
      status: 'assigned',
      queuedAt: null,
      botContext: { routing: { outcome: 'assigned' } },
    });
  });

  it('alerts the team supervisors about a high-priority conversation that has to wait', async () => {
    const team = randomUUID();
    const lead = eligibleAgent({ role: 'supervisor', team_ids: [team], max_concurrent_conversations: 0 });
    h.agents.push(lead);
    const rule = {
      name: 'Urgent',
      priority: 1,
      trigger_type: 'keyword',
      conditions: { keywords: ['outage'] },
      actions: { assign_team_id: team, set_priority: 'urgent' },
    };
    expect((await h.inject('POST', '/v1/bot-rules', h.admin, rule)).statusCode).toBe(201);
    const conversation = await h.createConversation();
    expect(
      await routing.routeMessage(randomUUID(), await h.customerMessage(conversation, 'total outage')),
    ).toMatchObject({ outcome: 'queued' });
    const alert = await waitFor(() =>
      h.eventsOf('conversation.notification.queue_alert').find((e) => e.aggregate_id === conversation.id),
    );
    expect(alert.data).toMatchObject({
      user_ids: [lead.user_id],
      position: 1,
      conversation: { priority: 'urgent' },
    });
  });
});

describe('GET /v1/queue', () => {
  it('lists waiting conversations in order with positions, as each role may see them', async () => {
    const res = await h.inject('GET', '/v1/queue', h.admin);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const positions = body.data.map((i: { account_position: number }) => i.account_position);
    expect(positions).toEqual(positions.map((_: number, i: number) => i + 1));
    expect(body.meta.total).toBe(body.data.length);
    const waiting = await h.db
      .select()
      .from(conversations)
      .where(and(eq(conversations.accountId, h.accountId), eq(conversations.status, 'open')));
    expect(body.data.length).toBe(waiting.filter((c) => c.assigneeId === null && c.queuedAt !== null).length);
    const emptyTeam = body.data.filter(
      (i: { conversation: { team_id: string } }) => i.conversation.team_id === empty,
    );
    expect(emptyTeam.map((i: { position: number }) => i.position)).toEqual(
      emptyTeam.map((_: unknown, i: number) => i + 1),
    );
    // An agent outside the team sees the general queue only, with the same positions.
    const agentView = (await h.inject('GET', '/v1/queue', h.agent)).json();
    expect(
      agentView.data.every(
        (i: { conversation: { team_id: string | null } }) => i.conversation.team_id === null,
      ),
    ).toBe(true);
    h.directory.setTeams(h.accountId, h.agent.userId, [empty]);
    const teamView = (await h.inject('GET', `/v1/queue?team_id=${empty}`, h.agent)).json();
    expect(teamView.data.map((i: { position: number }) => i.position)).toEqual(
      emptyTeam.map((i: { position: number }) => i.position),
    );
  });

  it("never shows another account's waiting conversations", async () => {
    const other = randomUUID();
    const theirs = await h.createConversation({ accountId: other, queuedAt: new Date(), botContext: null });
    const mine = (await h.inject('GET', '/v1/queue?limit=500', h.admin)).json().data;
    expect(mine.some((i: { conversation: { id: string } }) => i.conversation.id === theirs.id)).toBe(false);
    const res = await h.app.inject({
      method: 'GET',
      url: '/v1/queue',
      headers: { ...gatewayHeaders('GET', '/v1/queue', h.admin), 'x-account-id': other },
    });
    expect(res.statusCode).toBe(404);
  });
});
