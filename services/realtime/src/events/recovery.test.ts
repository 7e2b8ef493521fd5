import { randomUUID } from 'node:crypto';
import { startTcpProxy, type TcpProxy } from '@turumba/platform/testing';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ack, collect, connect, nextEvent, sleep } from '../testing/clients';
import { conversationFixture, messageFixture } from '../testing/fixtures';
import { createHarness } from '../testing/harness';

type SyncAnswer = {
  ok: true;
  resync_required: boolean;
  last_seq: number;
  events: Array<{ event: string; payload: Record<string, unknown> & { seq: number; event_id: string } }>;
};

const reconnecting = { reconnection: true, reconnectionDelay: 200, reconnectionDelayMax: 500 };

/** A realtime instance whose clients reach it through a TCP proxy the test can cut. */
async function world(label: string, env: Record<string, string> = {}) {
  const harness = await createHarness(label);
  const realtime = await harness.start(env);
  const proxy = await startTcpProxy({ host: '127.0.0.1', port: Number(new URL(realtime.url).port) });
  const sockets: Socket[] = [];
  const accountId = randomUUID();
  async function agent() {
    const user = harness.addUser({ [accountId]: 'admin' });
    const token = await harness.tokenFor(user);
    const socket = await connect(`http://127.0.0.1:${proxy.port}`, '/agents', { token }, reconnecting);
    sockets.push(socket);
    return socket;
  }
  const created = () =>
    harness.publish('conversation.created', accountId, {
      conversation: conversationFixture({ account_id: accountId }),
    });
  async function close() {
    for (const socket of sockets) socket.close();
    await proxy.close();
    await harness.close();
  }
  return { harness, realtime, proxy, accountId, agent, created, close };
}

/** Cuts the client's link, runs `whileAway`, keeps it down `downMs`, restores it; resolves on reconnect. */
async function drop(proxy: TcpProxy, socket: Socket, downMs: number, whileAway: () => Promise<unknown>) {
  const gone = new Promise((resolve) => socket.once('disconnect', resolve));
  proxy.cut();
  await gone;
  await whileAway();
  await sleep(downMs);
  const ready = nextEvent<{ recovered: boolean }>(socket, 'session:ready', () => true, 10_000);
  proxy.restore();
  return ready;
}

describe('short drops: connection-state recovery', () => {
  let w: Awaited<ReturnType<typeof world>>;
  beforeAll(async () => {
    w = await world('recovery');
  });
  afterAll(() => w?.close());

  it('replays what a client missed during a brief drop', async () => {
    const socket = await w.agent();
    const received = collect(socket, 'conversation:new');
    const missed: string[] = [];
    const session = await drop(w.proxy, socket, 300, async () => {
      for (let i = 0; i < 3; i++) missed.push((await w.created()).event_id);
      await sleep(300); // emitted while the client is away
    });
    expect(session.recovered).toBe(true);
    expect(socket.recovered).toBe(true);
    await expect.poll(() => received.map((p) => p.event_id)).toEqual(missed);
  });

  it('recovers a client that was cut off for 10 real seconds, rooms included', {
    timeout: 30_000,
  }, async () => {
    const socket = await w.agent();
    const conversation = conversationFixture({ account_id: w.accountId });
    w.harness.messagingApi.on('GET', `/v1/conversations/${conversation.id}`, () => ({ body: {} }));
    expect(await ack(socket, 'conversation:join', { conversation_id: conversation.id })).toEqual({
      ok: true,
    });
    const messages = collect(socket, 'conversation:message');
    const sent = messageFixture(conversation, { content: 'sent while you were away' });
    const session = await drop(w.proxy, socket, 10_000, () =>
      w.harness.publish('conversation.message.created', w.accountId, {
        message: sent,
        conversation,
        is_new_conversation: false,
      }),
    );
    expect(session.recovered).toBe(true);
    await expect.poll(() => messages.map((p) => (p.message as { id: string }).id)).toEqual([sent.id]);
  });
});

describe('long drops: sync by sequence', () => {
  let w: Awaited<ReturnType<typeof world>>;
  beforeAll(async () => {
    // Recovery only for 500 ms; the log keeps the last 5 events of an account.
    w = await world('sync', { RECOVERY_WINDOW_MS: '500', EVENT_LOG_MAX_EVENTS: '5' });
  });
  afterAll(() => w?.close());

  it('gives a client back every event after the last seq it saw, in order, once recovery has expired', async () => {
    const socket = await w.agent();
    const received = collect<{ seq: number; event_id: string }>(socket, 'conversation:new');
    await w.created();
    await expect.poll(() => received.length).toBe(1);
    const lastSeen = received[0]!.seq;
    const missed: string[] = [];
    const session = await drop(w.proxy, socket, 1_200, async () => {
      for (let i = 0; i < 3; i++) missed.push((await w.created()).event_id);
    });
    expect(session.recovered).toBe(false);
    const answer = await ack<SyncAnswer>(socket, 'sync', { account_id: w.accountId, after_seq: lastSeen });
    expect(answer).toMatchObject({ ok: true, resync_required: false });
    const replayed = answer.events.filter((e) => e.event === 'conversation:new').map((e) => e.payload);
    expect(replayed.map((p) => p.event_id)).toEqual(missed);
    const seqs = answer.events.map((e) => e.payload.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(seqs[0]).toBeGreaterThan(lastSeen);
    expect(answer.last_seq).toBeGreaterThanOrEqual(seqs.at(-1)!);
  });

  it('replays private notes to agents only, never to the visitor', async () => {
    const conversation = conversationFixture({
      account_id: w.accountId,
      channel_type: 'webchat',
      contact_identifier: 'v9',
    });
    w.harness.messagingApi.on('GET', `/v1/conversations/${conversation.id}`, () => ({ body: {} }));
    const session = {
      channel_id: conversation.channel_id,
      visitor_id: 'v9',
      account_id: w.accountId,
      conversation_id: conversation.id,
    };
    w.harness.messagingApi.on('POST', '/internal/webchat/sessions/verify', () => ({
      body: { success: true, data: session, message: null },
    }));
    const visitor = await connect(w.realtime.url, '/customers', { token: 'visitor' });
    const agent = await w.agent();
    await ack(agent, 'conversation:join', { conversation_id: conversation.id });
    const { last_seq: before } = await ack<SyncAnswer>(agent, 'sync', {
      account_id: w.accountId,
      after_seq: 0,
    });
    for (const is_private of [true, false]) {
      const message = messageFixture(conversation, { is_private, content: is_private ? 'note' : 'reply' });
      await w.harness.publish('conversation.message.created', w.accountId, {
        message,
        conversation,
        is_new_conversation: false,
      });
    }
    const contents = async (socket: Socket) => {
      const answer = await ack<SyncAnswer>(socket, 'sync', { account_id: w.accountId, after_seq: before });
      return answer.events
        .filter((e) => e.event === 'conversation:message')
        .map((e) => (e.payload.message as { content: string }).content);
    };
    await expect.poll(() => contents(agent)).toEqual(['note', 'reply']);
    expect(await contents(visitor)).toEqual(['reply']);
    visitor.close();
  });

  it('asks for a full resync when the client is further behind than the log', async () => {
    const socket = await w.agent();
    const now = await ack<{ last_seq: number }>(socket, 'sync', {
      account_id: w.accountId,
      after_seq: 1_000_000,
    });
    expect(now).toMatchObject({ ok: true, resync_required: true }); // ahead of the counter: reset
    for (let i = 0; i < 7; i++) await w.created();
    await expect
      .poll(
        async () =>
          (await ack<{ last_seq: number }>(socket, 'sync', { account_id: w.accountId, after_seq: 0 }))
            .last_seq,
      )
      .toBeGreaterThanOrEqual(now.last_seq + 7);
    expect(await ack(socket, 'sync', { account_id: w.accountId, after_seq: now.last_seq })).toMatchObject({
      ok: true,
      resync_required: true,
    });
  });
});
