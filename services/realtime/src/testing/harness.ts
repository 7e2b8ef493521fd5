import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '@turumba/contracts';
import {
  type BusMessage,
  type BusNames,
  createBus,
  createInProcessBus,
  type EventBus,
} from '@turumba/platform/bus';
import { createSilentLogger } from '@turumba/platform/logger';
import {
  deleteBusTopology,
  type FakeServer,
  startFakeServer,
  testGatewaySecret,
  testServiceToken,
  uniqueBusNames,
} from '@turumba/platform/testing';
import { Redis } from 'ioredis';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { loadConfig } from '../config';
import type { Overrides } from '../deps';
import { type RunningRealtime, startRealtime } from '../start';
import { envelopeFixture } from './fixtures';

export const rabbitUrl = process.env.RABBITMQ_URL;
export const redisUrl = process.env.REDIS_URL;

export interface TestUser {
  userId: string;
  /** account id → role */
  accounts: Record<string, 'admin' | 'supervisor' | 'agent'>;
}

/**
 * One test file's world: a fake Account API (JWKS, /context/basic), a fake Messaging API, a bus
 * (RabbitMQ with unique names when RABBITMQ_URL is set, else in-process), a unique Redis key
 * prefix, and realtime instances started against them.
 */
export async function createHarness(label: string) {
  const keys = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(keys.publicKey)), kid: 'k1', alg: 'RS256' };
  const users = new Map<string, TestUser>();
  const accountApi: FakeServer = await startFakeServer({
    'GET /.well-known/jwks.json': () => ({ body: { keys: [jwk] } }),
    'GET /context/basic': (request) => {
      const token = String(request.headers.authorization ?? '').replace('Bearer ', '');
      const sub = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()).sub as string;
      const user = users.get(sub);
      if (!user) return { status: 401, body: { error: 'unauthorized' } };
      const accounts = Object.entries(user.accounts).map(([account_id, role]) => ({ account_id, role }));
      return {
        body: {
          data: { user_id: user.userId, account_ids: Object.keys(user.accounts), role_ids: [], accounts },
        },
      };
    },
  });
  const messagingApi = await startFakeServer();
  const names: BusNames = uniqueBusNames(`rt-${label}`);
  const queue = `${names.exchange}.realtime`;
  const bus: EventBus = rabbitUrl ? await createBus({ url: rabbitUrl, names }) : createInProcessBus();
  const prefix = `test:realtime:${label}:${randomUUID()}:`;
  const instances: RunningRealtime[] = [];
  const observerQueues: string[] = [];

  async function start(env: Record<string, string> = {}, overrides: Overrides = {}) {
    const config = loadConfig({
      REALTIME_PORT: '0',
      LOG_LEVEL: 'silent',
      ACCOUNT_API_URL: accountApi.url,
      MESSAGING_API_URL: messagingApi.url,
      GATEWAY_SHARED_SECRET: testGatewaySecret,
      SERVICE_TOKEN: testServiceToken,
      REDIS_URL: redisUrl,
      REDIS_KEY_PREFIX: prefix,
      REALTIME_QUEUE: queue,
      ...env,
    });
    const realtime = await startRealtime(config, {
      logger: createSilentLogger(),
      shared: { bus },
      ...overrides,
    });
    instances.push(realtime);
    return realtime;
  }

  function addUser(accounts: TestUser['accounts']): TestUser {
    const user = { userId: randomUUID(), accounts };
    users.set(user.userId, user);
    return user;
  }

  function tokenFor(user: TestUser, expires: string | number = '5m', claims: Record<string, unknown> = {}) {
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer('turumba')
      .setAudience('turumba-api')
      .setSubject(user.userId)
      .setExpirationTime(expires)
      .sign(keys.privateKey);
  }

  /** Publishes as the outbox relay does: routing key = event type, messageId = event id. */
  async function publish(type: string, accountId: string | null, data: unknown): Promise<EventEnvelope> {
    const envelope = envelopeFixture(type, accountId, data);
    await bus.publish(type, envelope, { messageId: envelope.event_id });
    return envelope;
  }

  /** Records what is published on `patterns` (e.g. the events realtime itself publishes). */
  async function observe(patterns: string[]): Promise<BusMessage[]> {
    const received: BusMessage[] = [];
    const observer = `${names.exchange}.observer-${observerQueues.length}`;
    observerQueues.push(observer);
    await bus.subscribe({ queue: observer, patterns }, async (message) => {
      received.push(message);
    });
    return received;
  }

  async function close() {
    for (const instance of instances.splice(0)) await instance.close();
    await bus.close();
    await accountApi.close();
    await messagingApi.close();
    if (rabbitUrl) await deleteBusTopology(rabbitUrl, names, [queue, ...observerQueues]).catch(() => {});
    if (redisUrl) {
      const redis = new Redis(redisUrl);
      const found = await redis.keys(`${prefix}*`);
      if (found.length > 0) await redis.del(...found);
      await redis.quit();
    }
  }

  return {
    accountApi,
    messagingApi,
    bus,
    names,
    queue,
    prefix,
    start,
    addUser,
    tokenFor,
    publish,
    observe,
    close,
  };
}
export type Harness = Awaited<ReturnType<typeof createHarness>>;
