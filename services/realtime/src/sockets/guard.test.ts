import { randomUUID } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningRealtime } from '../start';
import { ack, connect } from '../testing/clients';
import { createHarness, type Harness } from '../testing/harness';

let harness: Harness;
let realtime: RunningRealtime;
const sockets: Socket[] = [];
const accountId = randomUUID();

async function agent() {
  const user = harness.addUser({ [accountId]: 'agent' });
  const socket = await connect(realtime.url, '/agents', { token: await harness.tokenFor(user) });
  sockets.push(socket);
  return socket;
}

const disconnected = (socket: Socket) => new Promise<string>((resolve) => socket.once('disconnect', resolve));

beforeAll(async () => {
  harness = await createHarness('guard');
  realtime = await harness.start({ MAX_ROOMS_PER_SOCKET: '5', MAX_PACKET_BYTES: '4096' });
});

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await harness?.close();
});

/** Conversations the fake Messaging API lets anyone see. */
function visibleConversation() {
  const id = randomUUID();
  harness.messagingApi.on('GET', `/v1/conversations/${id}`, () => ({ body: {} }));
  return id;
}

describe('client payloads', () => {
  it.each([
    ['a conversation id that is not a uuid', { conversation_id: '../../etc' }],
    ['no conversation id', {}],
    ['an extra field', { conversation_id: randomUUID(), account_id: randomUUID() }],
    ['a string instead of an object', 'conv-1'],
    ['nothing', undefined],
  ])('answers validation_error to %s', async (_name, payload) => {
    const socket = await agent();
    expect(await ack(socket, 'conversation:join', payload)).toMatchObject({
      ok: false,
      error: 'validation_error',
    });
  });

  it('answers unknown_event to an event nobody handles', async () => {
    const socket = await agent();
    expect(await ack(socket, 'admin:drop-tables', {})).toMatchObject({ ok: false, error: 'unknown_event' });
  });

  it('refuses a sync for an account that is not the user’s', async () => {
    const socket = await agent();
    expect(await ack(socket, 'sync', { account_id: randomUUID(), after_seq: 0 })).toMatchObject({
      ok: false,
      error: 'not_found',
    });
  });
});

describe('limits', () => {
  it('rate-limits a socket past 20 events a second', async () => {
    const socket = await agent();
    const answers = await Promise.all(
      Array.from({ length: 30 }, () =>
        ack<{ ok: boolean; error?: string }>(socket, 'agent:status', { status: 'online' }),
      ),
    );
    // 20 at once, plus one per 50 ms the burst took to arrive.
    const accepted = answers.filter((a) => a.ok).length;
    expect(accepted).toBeGreaterThanOrEqual(20);
    expect(accepted).toBeLessThan(26);
    expect(answers.filter((a) => a.error === 'rate_limited')).toHaveLength(30 - accepted);
  });

  it('disconnects a socket that keeps flooding', async () => {
    const socket = await agent();
    const closed = disconnected(socket);
    for (let i = 0; i < 200; i++) socket.emit('agent:status', { status: 'online' });
    expect(await closed).toBe('io server disconnect');
  });

  it('limits the rooms a socket may be in', async () => {
    const socket = await agent(); // own id, user and account rooms: 3
    expect(await ack(socket, 'conversation:join', { conversation_id: visibleConversation() })).toEqual({
      ok: true,
    });
    expect(await ack(socket, 'conversation:join', { conversation_id: visibleConversation() })).toEqual({
      ok: true,
    });
    expect(await ack(socket, 'conversation:join', { conversation_id: visibleConversation() })).toMatchObject({
      ok: false,
      error: 'too_many_rooms',
    });
  });

  it('drops a client that sends a packet over the size limit', async () => {
    const socket = await agent();
    const closed = disconnected(socket);
    socket.emit('conversation:join', { conversation_id: 'x'.repeat(10_000) });
    expect(await closed).toBe('transport close');
  });
});
