import { randomUUID } from 'node:crypto';
import { identityHeaders, verifyGatewaySignature } from '@turumba/platform/auth';
import { testGatewaySecret } from '@turumba/platform/testing';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningRealtime } from '../start';
import { ack, connect, nextEvent, sleep } from '../testing/clients';
import { createHarness, type Harness } from '../testing/harness';

let harness: Harness;
let realtime: RunningRealtime;
const accountA = randomUUID();
const accountB = randomUUID();
const sockets: Socket[] = [];

/** The fake Messaging API answers like the real one: 200 only to a signed request of the owner account. */
function serveConversation(conversationId: string, accountId: string) {
  harness.messagingApi.on('GET', `/v1/conversations/${conversationId}`, (request) => {
    const headers = Object.fromEntries(
      identityHeaders.map((name) => [name, String(request.headers[name] ?? '')]),
    );
    const check = verifyGatewaySignature(
      { method: 'GET', url: request.url, headers },
      request.headers,
      testGatewaySecret,
      Math.floor(Date.now() / 1000),
    );
    if (!check.ok) return { status: 401, body: { error: 'unauthorized' } };
    const allowed = String(request.headers['x-account-ids']).split(',').includes(accountId);
    return allowed
      ? { body: { data: { id: conversationId } } }
      : { status: 404, body: { error: 'not_found' } };
  });
}

async function agentOf(accounts: Record<string, 'admin' | 'agent'>) {
  const user = harness.addUser(accounts);
  const socket = await connect(realtime.url, '/agents', { token: await harness.tokenFor(user) });
  sockets.push(socket);
  return { user, socket };
}

beforeAll(async () => {
  harness = await createHarness('agents');
  realtime = await harness.start({ TOKEN_CHECK_INTERVAL_MS: '200' });
});

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await harness?.close();
});

describe('/agents handshake', () => {
  it("accepts a valid JWT and puts the agent in their accounts' rooms and their own", async () => {
    const { user, socket } = await agentOf({ [accountA]: 'agent' });
    const inAccount = nextEvent(socket, 'ping:account');
    const personal = nextEvent(socket, 'ping:user');
    realtime.io.of('/agents').to(`account:${accountA}`).emit('ping:account', { ok: 1 });
    realtime.io.of('/agents').to(`user:${user.userId}`).emit('ping:user', { ok: 2 });
    expect(await inAccount).toEqual({ ok: 1 });
    expect(await personal).toEqual({ ok: 2 });
  });

  it.each([
    ['no token', async () => ({})],
    ['a malformed token', async () => ({ token: 'abc' })],
    ['an expired token', async () => ({ token: await harness.tokenFor(harness.addUser({}), '-1m') })],
    [
      'a token of nobody the Account API knows',
      async () => ({ token: await harness.tokenFor({ userId: randomUUID(), accounts: {} }) }),
    ],
  ])('refuses a connection with %s', async (_name, auth) => {
    await expect(connect(realtime.url, '/agents', await auth())).rejects.toThrow('unauthorized');
  });

  it('closes the socket when its token expires', async () => {
    const user = harness.addUser({ [accountA]: 'agent' });
    const token = await harness.tokenFor(user, Math.floor(Date.now() / 1000) + 2);
    const socket = await connect(realtime.url, '/agents', { token });
    const reason = await new Promise((resolve) => socket.on('disconnect', resolve));
    expect(reason).toBe('io server disconnect');
  });
});

describe('conversation rooms', () => {
  it('joins a conversation of the user’s account after asking the Messaging API as that user', async () => {
    const { socket } = await agentOf({ [accountA]: 'agent' });
    const conversationId = randomUUID();
    serveConversation(conversationId, accountA);
    expect(await ack(socket, 'conversation:join', { conversation_id: conversationId })).toEqual({ ok: true });
    const received = nextEvent(socket, 'ping:conv');
    realtime.io.of('/agents').to(`conv:${conversationId}`).emit('ping:conv', { ok: 3 });
    expect(await received).toEqual({ ok: 3 });
    expect(await ack(socket, 'conversation:leave', { conversation_id: conversationId })).toEqual({
      ok: true,
    });
  });

  it("refuses to join another account's conversation, and the socket gets nothing of it", async () => {
    const { socket } = await agentOf({ [accountB]: 'admin' });
    const conversationId = randomUUID();
    serveConversation(conversationId, accountA);
    expect(await ack(socket, 'conversation:join', { conversation_id: conversationId })).toMatchObject({
      ok: false,
      error: 'not_found',
    });
    let leaked = false;
    socket.on('ping:conv', () => {
      leaked = true;
    });
    realtime.io.of('/agents').to(`conv:${conversationId}`).emit('ping:conv', {});
    await sleep(200);
    expect(leaked).toBe(false);
  });

  it('refuses a conversation the Messaging API does not know as not_found', async () => {
    const { socket } = await agentOf({ [accountA]: 'agent' });
    expect(await ack(socket, 'conversation:join', { conversation_id: randomUUID() })).toMatchObject({
      ok: false,
      error: 'not_found',
    });
  });

  it('answers service_unavailable when the Messaging API fails', async () => {
    const { socket } = await agentOf({ [accountA]: 'agent' });
    const conversationId = randomUUID();
    harness.messagingApi.on('GET', `/v1/conversations/${conversationId}`, () => ({ status: 500 }));
    expect(await ack(socket, 'conversation:join', { conversation_id: conversationId })).toMatchObject({
      ok: false,
      error: 'service_unavailable',
    });
  });
});
