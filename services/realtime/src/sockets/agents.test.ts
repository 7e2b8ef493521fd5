import { createSilentLogger } from '@turumba/platform/logger';
import { type FakeServer, startFakeServer } from '@turumba/platform/testing';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { type RunningRealtime, startRealtime } from '../start';

const userId = '11111111-1111-4111-8111-111111111111';
const accountId = '22222222-2222-4222-8222-222222222222';
let accountApi: FakeServer;
let realtime: RunningRealtime;
let keys: Awaited<ReturnType<typeof generateKeyPair>>;

function token(expires = '5m') {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
    .setIssuer('turumba')
    .setAudience('turumba-api')
    .setSubject(userId)
    .setExpirationTime(expires)
    .sign(keys.privateKey);
}

function connect(auth: Record<string, unknown>): Promise<Socket> {
  const socket = io(`${realtime.url}/agents`, {
    path: '/ws',
    auth,
    reconnection: false,
    transports: ['websocket'],
  });
  return new Promise((resolve, reject) => {
    socket.on('connect', () => resolve(socket));
    socket.on('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
}

beforeAll(async () => {
  keys = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(keys.publicKey)), kid: 'k1', alg: 'RS256' };
  accountApi = await startFakeServer({
    'GET /.well-known/jwks.json': () => ({ body: { keys: [jwk] } }),
    'GET /context/basic': () => ({
      body: {
        data: {
          user_id: userId,
          account_ids: [accountId],
          accounts: [{ account_id: accountId, role: 'agent' }],
        },
      },
    }),
  });
  const config = loadConfig({
    REALTIME_PORT: '0',
    ACCOUNT_API_URL: accountApi.url,
    REDIS_URL: process.env.REDIS_URL,
  });
  realtime = await startRealtime(config, { logger: createSilentLogger() });
});

afterAll(async () => {
  await realtime?.close();
  await accountApi?.close();
});

describe('/agents handshake', () => {
  it("accepts a valid JWT and puts the agent in their account's and their own room", async () => {
    const socket = await connect({ token: await token() });
    const received = new Promise((resolve) => socket.on('ping:test', resolve));
    const personal = new Promise((resolve) => socket.on('ping:user', resolve));
    realtime.io.of('/agents').to(`account:${accountId}`).emit('ping:test', { ok: 1 });
    realtime.io.of('/agents').to(`user:${userId}`).emit('ping:user', { ok: 2 });
    expect(await received).toEqual({ ok: 1 });
    expect(await personal).toEqual({ ok: 2 });
    socket.close();
  });

  it.each([
    ['no token', async () => ({})],
    ['a malformed token', async () => ({ token: 'abc' })],
    ['an expired token', async () => ({ token: await token('-1m') })],
  ])('refuses a connection with %s', async (_name, auth) => {
    await expect(connect(await auth())).rejects.toThrow('unauthorized');
  });
});
