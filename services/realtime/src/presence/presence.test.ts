import { randomUUID } from 'node:crypto';
import type { BusMessage } from '@turumba/platform/bus';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningRealtime } from '../start';
import { ack, connect, nextEvent } from '../testing/clients';
import { createHarness, type Harness } from '../testing/harness';

let harness: Harness;
let realtime: RunningRealtime;
let published: BusMessage[];
const sockets: Socket[] = [];
const accountId = randomUUID();
const eventually = { timeout: 10_000, interval: 50 };

async function tab(user: ReturnType<Harness['addUser']>) {
  const socket = await connect(realtime.url, '/agents', { token: await harness.tokenFor(user) });
  sockets.push(socket);
  return socket;
}

interface Snapshot {
  account_id: string;
  at: string;
  agents: Array<{ user_id: string; status: string; last_seen_at: string }>;
}

/** A tab whose `presence:snapshot`s are collected from before it connects (they follow at once). */
async function tabWithSnapshots(user: ReturnType<Harness['addUser']>, count = 1) {
  const socket = io(`${realtime.url}/agents`, {
    path: '/ws',
    auth: { token: await harness.tokenFor(user) },
    reconnection: false,
    transports: ['websocket'],
    forceNew: true,
    autoConnect: false,
  });
  sockets.push(socket);
  const snapshots: Snapshot[] = [];
  const received = new Promise<Snapshot[]>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no presence:snapshot')), 8_000);
    socket.on('presence:snapshot', (payload: Snapshot) => {
      snapshots.push(payload);
      if (snapshots.length < count) return;
      clearTimeout(timer);
      resolve(snapshots);
    });
  });
  socket.connect();
  return { socket, snapshots: await received };
}

/** An agent of the account watching everyone's presence. */
async function observer() {
  return tab(harness.addUser({ [accountId]: 'supervisor' }));
}

const statusOf = (userId: string) => realtime.deps.kv.hget('agent:presence', userId);
const presenceOf = (socket: Socket, userId: string, status: string) =>
  nextEvent(
    socket,
    'agent:presence',
    (p: { user_id: string; status: string }) => p.user_id === userId && p.status === status,
    8_000,
  );

beforeAll(async () => {
  harness = await createHarness('presence');
  published = await harness.observe(['agent.presence.changed']);
  // A 1 s TTL (heartbeat and sweep every ~333 ms) so expiry is seen quickly.
  realtime = await harness.start({ PRESENCE_TTL_SECONDS: '1' });
});

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await harness?.close();
});

describe('presence', () => {
  it('marks a connecting agent online and tells the account', async () => {
    const watcher = await observer();
    const user = harness.addUser({ [accountId]: 'agent' });
    const online = presenceOf(watcher, user.userId, 'online');
    await tab(user);
    await online;
    expect(await statusOf(user.userId)).toBe('online');
  });

  it('sets a status with agent:status and publishes agent.presence.changed for routing', async () => {
    const watcher = await observer();
    const user = harness.addUser({ [accountId]: 'agent' });
    const socket = await tab(user);
    const away = presenceOf(watcher, user.userId, 'away');
    expect(await ack(socket, 'agent:status', { status: 'away' })).toEqual({ ok: true });
    expect(await away).toMatchObject({ user_id: user.userId, status: 'away', account_id: accountId });
    expect(await statusOf(user.userId)).toBe('away');
    await expect
      .poll(
        () =>
          published.find(
            (m) =>
              (m.payload as { data: { status: string; user_id: string } }).data.user_id === user.userId &&
              (m.payload as { data: { status: string } }).data.status === 'away',
          ),
        eventually,
      )
      .toMatchObject({
        routingKey: 'agent.presence.changed',
        payload: {
          account_id: accountId,
          data: { user_id: user.userId, account_ids: [accountId], status: 'away' },
        },
      });
  });

  it('keeps an agent online while a second tab is open, and offline when the last one closes', async () => {
    const watcher = await observer();
    const user = harness.addUser({ [accountId]: 'agent' });
    const first = await tab(user);
    const second = await tab(user);
    first.disconnect();
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // past the TTL: the heartbeat keeps it
    expect(await statusOf(user.userId)).toBe('online');
    const offline = presenceOf(watcher, user.userId, 'offline');
    second.disconnect();
    await offline;
    expect(await statusOf(user.userId)).toBeNull();
  });

  it('marks a dropped connection offline once the TTL runs out', async () => {
    const watcher = await observer();
    const user = harness.addUser({ [accountId]: 'agent' });
    const socket = await tab(user);
    await expect.poll(() => statusOf(user.userId), eventually).toBe('online');
    const offline = presenceOf(watcher, user.userId, 'offline');
    socket.io.engine.close(); // the transport drops: no goodbye
    expect(await statusOf(user.userId)).toBe('online');
    await offline;
    const kept = await realtime.deps.kv.hget(`agent:presence:account:${accountId}`, user.userId);
    expect(JSON.parse(kept!)).toMatchObject({ status: 'offline' }); // what the next snapshot says
  });

  it("sends a connecting agent the current presence of the account's agents, themself included", async () => {
    const [away, online, left] = [1, 2, 3].map(() => harness.addUser({ [accountId]: 'agent' }));
    await ack(await tab(away!), 'agent:status', { status: 'away' });
    await tab(online!);
    const leaving = await tab(left!);
    leaving.disconnect();
    await expect.poll(() => statusOf(left!.userId), eventually).toBeNull();
    const stranger = harness.addUser({ [randomUUID()]: 'agent' });
    await tab(stranger);

    const me = harness.addUser({ [accountId]: 'agent' });
    const before = Date.now();
    const [snapshot] = (await tabWithSnapshots(me)).snapshots;
    expect(snapshot!.account_id).toBe(accountId);
    expect(Date.parse(snapshot!.at)).toBeGreaterThanOrEqual(before - 1_000);
    const entry = (userId: string) => snapshot!.agents.find((a) => a.user_id === userId);
    expect(entry(away!.userId)).toEqual({
      user_id: away!.userId,
      status: 'away',
      last_seen_at: snapshot!.at,
    });
    expect(entry(online!.userId)).toMatchObject({ status: 'online', last_seen_at: snapshot!.at });
    expect(entry(me.userId)).toMatchObject({ status: 'online' });
    expect(entry(left!.userId)).toMatchObject({ status: 'offline' });
    expect(Date.parse(entry(left!.userId)!.last_seen_at)).toBeLessThanOrEqual(Date.parse(snapshot!.at));
    expect(entry(stranger.userId)).toBeUndefined();
  });

  it('sends one snapshot per account, each with only that account’s agents', async () => {
    const otherAccount = randomUUID();
    const colleague = harness.addUser({ [otherAccount]: 'agent' });
    await tab(colleague);
    const both = harness.addUser({ [accountId]: 'agent', [otherAccount]: 'admin' });
    const { snapshots } = await tabWithSnapshots(both, 2);
    const other = snapshots.find((s) => s.account_id === otherAccount)!;
    const ours = snapshots.find((s) => s.account_id === accountId)!;
    expect(other.agents.map((a) => a.user_id).sort()).toEqual([colleague.userId, both.userId].sort());
    expect(ours.agents.map((a) => a.user_id)).not.toContain(colleague.userId);
    expect(ours.agents.map((a) => a.user_id)).toContain(both.userId);
  });

  it('rejects an unknown status', async () => {
    const socket = await tab(harness.addUser({ [accountId]: 'agent' }));
    expect(await ack(socket, 'agent:status', { status: 'busy' })).toMatchObject({
      ok: false,
      error: 'validation_error',
    });
  });
});

describe('typing', () => {
  it('broadcasts typing to the conversation but not to the typist, with a 5 s key', async () => {
    const conversationId = randomUUID();
    harness.messagingApi.on('GET', `/v1/conversations/${conversationId}`, () => ({ body: {} }));
    const typist = harness.addUser({ [accountId]: 'agent' });
    const [mine, other] = [await tab(typist), await observer()];
    for (const socket of [mine, other])
      await ack(socket, 'conversation:join', { conversation_id: conversationId });
    let echoed = false;
    mine.on('conversation:typing', () => {
      echoed = true;
    });
    const seen = nextEvent(other, 'conversation:typing');
    expect(await ack(mine, 'conversation:typing:start', { conversation_id: conversationId })).toEqual({
      ok: true,
    });
    expect(await seen).toEqual({
      conversation_id: conversationId,
      user_id: typist.userId,
      sender_type: 'agent',
      is_typing: true,
    });
    const ttl = await realtime.deps.kv.ttl(`typing:${conversationId}:${typist.userId}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(5);
    const stopped = nextEvent(other, 'conversation:typing', (p: { is_typing: boolean }) => !p.is_typing);
    await ack(mine, 'conversation:typing:stop', { conversation_id: conversationId });
    await stopped;
    expect(await realtime.deps.kv.get(`typing:${conversationId}:${typist.userId}`)).toBeNull();
    expect(echoed).toBe(false);
  });

  it('refuses typing in a conversation the socket has not joined', async () => {
    const socket = await observer();
    expect(await ack(socket, 'conversation:typing:start', { conversation_id: randomUUID() })).toMatchObject({
      ok: false,
      error: 'not_found',
    });
  });
});
