import { randomUUID } from 'node:crypto';
import { SESSION_ENDED } from '@turumba/contracts';
import { createInProcessBus } from '@turumba/platform/bus';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningRealtime } from './start';
import { ack, collect, connect, nextEvent } from './testing/clients';
import { conversationFixture, messageFixture } from './testing/fixtures';
import { createHarness, type Harness, redisUrl } from './testing/harness';
import { startSwitchProxy } from './testing/switch-proxy';

/*
 * Two instances behind one Redis. Only A consumes the test's bus: B is given a bus of its own that
 * nobody publishes on, so whatever B's clients receive went through A and the Redis adapter.
 */
describe.skipIf(!redisUrl)('two realtime instances behind Redis', () => {
  let harness: Harness;
  let a: RunningRealtime;
  let b: RunningRealtime;
  const isolatedBus = createInProcessBus();
  const sockets: Socket[] = [];
  const accountId = randomUUID();
  const port = (instance: RunningRealtime) => Number(new URL(instance.url).port);

  async function agentOn(
    instance: RunningRealtime | string,
    user = harness.addUser({ [accountId]: 'admin' }),
  ) {
    const url = typeof instance === 'string' ? instance : instance.url;
    const socket = await connect(
      url,
      '/agents',
      { token: await harness.tokenFor(user) },
      {
        reconnection: true,
        reconnectionDelay: 100,
        reconnectionDelayMax: 300,
      },
    );
    sockets.push(socket);
    return socket;
  }

  beforeAll(async () => {
    harness = await createHarness('multi');
    a = await harness.start();
    b = await harness.start({}, { shared: { bus: isolatedBus } });
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await harness?.close();
    await isolatedBus.close();
  });

  it('closes a socket on instance B when A consumes the end of its sign-in', async () => {
    const user = harness.addUser({ [accountId]: 'agent' });
    const sid = randomUUID();
    const socket = await connect(b.url, '/agents', { token: await harness.tokenFor(user, '5m', { sid }) });
    sockets.push(socket);
    const closed = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    await harness.publish(SESSION_ENDED, null, { user_id: user.userId, session_id: sid, reason: 'logout' });
    expect(await closed).toBe('io server disconnect');
  });

  it('delivers an event consumed by instance A to a client of instance B', async () => {
    const onB = await agentOn(b);
    const conversation = conversationFixture({ account_id: accountId });
    const received = nextEvent(onB, 'conversation:new');
    await harness.publish('conversation.created', accountId, { conversation });
    expect(await received).toMatchObject({ conversation });
  });

  it('lets a client of B join a conversation and receive its messages consumed by A', async () => {
    const onB = await agentOn(b);
    const conversation = conversationFixture({ account_id: accountId });
    harness.messagingApi.on('GET', `/v1/conversations/${conversation.id}`, () => ({ body: {} }));
    await ack(onB, 'conversation:join', { conversation_id: conversation.id });
    const message = messageFixture(conversation);
    const received = nextEvent(onB, 'conversation:message');
    await harness.publish('conversation.message.created', accountId, {
      message,
      conversation,
      is_new_conversation: false,
    });
    expect(await received).toMatchObject({ message });
  });

  it('recovers a client that drops from A and comes back on B, with what it missed', async () => {
    const proxy = await startSwitchProxy(port(a));
    try {
      const socket = await agentOn(proxy.url);
      const received = collect(socket, 'conversation:new');
      await harness.publish('conversation.created', accountId, {
        conversation: conversationFixture({ account_id: accountId }),
      });
      await expect.poll(() => received.length).toBe(1);
      const gone = new Promise((resolve) => socket.once('disconnect', resolve));
      const back = nextEvent<{ recovered: boolean }>(socket, 'session:ready', () => true, 10_000);
      proxy.moveTo(port(b));
      await gone;
      const missed = await harness.publish('conversation.created', accountId, {
        conversation: conversationFixture({ account_id: accountId }),
      });
      expect(await back).toEqual({ recovered: true });
      await expect.poll(() => received.map((p) => p.event_id)).toContain(missed.event_id);
    } finally {
      await proxy.close();
    }
  });

  it('keeps an agent online while a tab on the other instance is open', async () => {
    const watcher = await agentOn(a);
    const user = harness.addUser({ [accountId]: 'agent' });
    const [onA, onB] = [await agentOn(a, user), await agentOn(b, user)];
    const presence = collect<{ user_id: string; status: string }>(watcher, 'agent:presence');
    onA.disconnect();
    await expect
      .poll(() => b.deps.kv.hgetall(`agent:sockets:${user.userId}`))
      .not.toHaveProperty(a.deps.instanceId);
    expect(await a.deps.kv.hget('agent:presence', user.userId)).toBe('online');
    onB.disconnect();
    await expect
      .poll(() => presence.filter((p) => p.user_id === user.userId).map((p) => p.status))
      .toContain('offline');
  });
});
