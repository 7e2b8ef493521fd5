import { randomUUID } from 'node:crypto';
import { testServiceToken } from '@turumba/platform/testing';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningRealtime } from '../start';
import { ack, collect, connect, nextEvent, sleep } from '../testing/clients';
import { conversationFixture, messageFixture } from '../testing/fixtures';
import { createHarness, type Harness } from '../testing/harness';

let harness: Harness;
let realtime: RunningRealtime;
const accountA = randomUUID();
const accountB = randomUUID();
const sockets: Socket[] = [];

async function agentIn(accountId: string) {
  const user = harness.addUser({ [accountId]: 'admin' });
  const socket = await connect(realtime.url, '/agents', { token: await harness.tokenFor(user) });
  sockets.push(socket);
  return { user, socket };
}

async function joined(socket: Socket, conversationId: string, accountId: string) {
  harness.messagingApi.on('GET', `/v1/conversations/${conversationId}`, (request) =>
    String(request.headers['x-account-ids']).includes(accountId) ? { body: {} } : { status: 404 },
  );
  expect(await ack(socket, 'conversation:join', { conversation_id: conversationId })).toEqual({ ok: true });
}

async function visitorOf(conversation: ReturnType<typeof conversationFixture>) {
  const token = `visitor-token-${randomUUID()}`;
  harness.messagingApi.on('POST', '/internal/webchat/sessions/verify', (request) => {
    const body = JSON.parse(request.body.toString()) as { token: string };
    if (request.headers['x-service-token'] !== testServiceToken || body.token !== token)
      return { status: 401 };
    const session = {
      channel_id: conversation.channel_id,
      visitor_id: conversation.contact_identifier,
      account_id: conversation.account_id,
      conversation_id: conversation.id,
    };
    return { body: { success: true, data: session, message: null } };
  });
  const socket = await connect(realtime.url, '/customers', { token });
  sockets.push(socket);
  return socket;
}

beforeAll(async () => {
  harness = await createHarness('delivery');
  realtime = await harness.start();
});

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await harness?.close();
});

describe('bus events to sockets', () => {
  it('pushes conversation.created to the account room as conversation:new, numbered', async () => {
    const { socket } = await agentIn(accountA);
    const conversation = conversationFixture({ account_id: accountA });
    const received = nextEvent(socket, 'conversation:new');
    const envelope = await harness.publish('conversation.created', accountA, { conversation });
    expect(await received).toEqual({
      event_id: envelope.event_id,
      account_id: accountA,
      occurred_at: envelope.occurred_at,
      seq: expect.any(Number),
      conversation,
    });
  });

  it('pushes a new message to the conversation room and the inbox preview to the account room', async () => {
    const { socket } = await agentIn(accountA);
    const conversation = conversationFixture({
      account_id: accountA,
      last_message_preview: 'Where is my order?',
    });
    await joined(socket, conversation.id, accountA);
    const message = messageFixture(conversation, { direction: 'inbound', content: 'Where is my order?' });
    const inRoom = nextEvent(socket, 'conversation:message');
    const inInbox = nextEvent(socket, 'conversation:updated');
    await harness.publish('conversation.message.created', accountA, {
      message,
      conversation,
      is_new_conversation: false,
    });
    expect(await inRoom).toMatchObject({ conversation_id: conversation.id, message });
    expect(await inInbox).toMatchObject({ event_type: 'conversation.message.created', conversation });
  });

  it('numbers the events of an account one by one, from 1', async () => {
    const account = randomUUID();
    const { socket } = await agentIn(account);
    const seqs: number[] = [];
    socket.onAny((_event: string, payload: { seq?: number }) => {
      if (payload.seq) seqs.push(payload.seq);
    });
    const created = collect(socket, 'conversation:new');
    for (let i = 0; i < 3; i++) {
      await harness.publish('conversation.created', account, {
        conversation: conversationFixture({ account_id: account }),
      });
    }
    await expect.poll(() => created.length).toBe(3);
    await sleep(100); // the agent's own presence event is numbered in the same account
    // The account is new: its first event (this agent's own presence, maybe received before we
    // listened) is 1; nothing is skipped or repeated after it.
    expect(seqs[0]).toBeLessThanOrEqual(2);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => seqs[0]! + i));
  });

  it('sends the assignee a notification in their own room', async () => {
    const { user, socket } = await agentIn(accountA);
    const conversation = conversationFixture({ account_id: accountA, assignee_id: user.userId });
    const notified = nextEvent(socket, 'notification:assignment');
    const data = {
      conversation,
      assignee_id: user.userId,
      previous_assignee_id: null,
      team_id: null,
      assigned_by: null,
      reason: 'manual',
    };
    await harness.publish('conversation.assigned', accountA, data);
    expect(await notified).toMatchObject({ assignee_id: user.userId, reason: 'manual', conversation });
  });

  it('never gives a client of account B an event of account A', async () => {
    const { socket: inB } = await agentIn(accountB);
    const everything: string[] = [];
    inB.onAny((event: string, payload: { account_id?: string }) =>
      everything.push(`${event} ${payload.account_id}`),
    );
    const conversationA = conversationFixture({ account_id: accountA });
    await harness.publish('conversation.created', accountA, { conversation: conversationA });
    await harness.publish('conversation.message.created', accountA, {
      message: messageFixture(conversationA),
      conversation: conversationA,
      is_new_conversation: false,
    });
    await harness.publish('agent.presence.changed', accountA, {
      user_id: randomUUID(),
      account_ids: [accountA],
      status: 'online',
    });
    // Delivered in order, so once B's own event is here, A's would have been too.
    const own = nextEvent(inB, 'conversation:new');
    await harness.publish('conversation.created', accountB, {
      conversation: conversationFixture({ account_id: accountB }),
    });
    await own;
    expect(everything).toContain(`conversation:new ${accountB}`);
    expect(everything.filter((line) => !line.endsWith(accountB))).toEqual([]);
  });

  it('delivers a redelivered event (same event id) once', async () => {
    const { socket } = await agentIn(accountA);
    const received = collect(socket, 'conversation:new');
    const envelope = await harness.publish('conversation.created', accountA, {
      conversation: conversationFixture({ account_id: accountA }),
    });
    await harness.bus.publish('conversation.created', envelope, { messageId: envelope.event_id });
    const last = nextEvent(socket, 'conversation:new', (p) => p.event_id !== envelope.event_id);
    await harness.publish('conversation.created', accountA, {
      conversation: conversationFixture({ account_id: accountA }),
    });
    await last;
    expect(received.filter((p) => p.event_id === envelope.event_id)).toHaveLength(1);
  });
});

describe('webchat visitors', () => {
  it('get the public messages of their conversation, never a private note', async () => {
    const conversation = conversationFixture({
      account_id: accountA,
      channel_type: 'webchat',
      contact_identifier: 'v-1',
    });
    const visitor = await visitorOf(conversation);
    const { socket: agent } = await agentIn(accountA);
    await joined(agent, conversation.id, accountA);
    const toVisitor = collect<{ message: { content: string } }>(visitor, 'conversation:message');
    const toAgent = collect<{ message: { content: string } }>(agent, 'conversation:message');
    const note = messageFixture(conversation, { is_private: true, content: 'internal: VIP, refund ok' });
    const reply = messageFixture(conversation, { content: 'Your refund is on its way' });
    for (const message of [note, reply]) {
      await harness.publish('conversation.message.created', accountA, {
        message,
        conversation,
        is_new_conversation: false,
      });
    }
    await expect.poll(() => toVisitor.length).toBe(1);
    await expect.poll(() => toAgent.length).toBe(2);
    expect(toVisitor.map((p) => p.message.content)).toEqual(['Your refund is on its way']);
    expect(toAgent.map((p) => p.message.content)).toEqual([
      'internal: VIP, refund ok',
      'Your refund is on its way',
    ]);
  });
});
