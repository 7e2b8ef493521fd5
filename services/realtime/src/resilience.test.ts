import { randomUUID } from 'node:crypto';
import { createRabbitMqBus, type EventBus } from '@turumba/platform/bus';
import { startTcpProxy, type TcpProxy, urlThroughPort } from '@turumba/platform/testing';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningRealtime } from './start';
import { connect, nextEvent } from './testing/clients';
import { conversationFixture } from './testing/fixtures';
import { createHarness, type Harness, rabbitUrl, redisUrl } from './testing/harness';

const eventually = { timeout: 20_000, interval: 100 };
const readiness = async (realtime: RunningRealtime) => {
  const response = await fetch(`${realtime.url}/ready`);
  const body = (await response.json()) as { data?: { checks: unknown }; details?: { checks: unknown } };
  return { status: response.status, checks: body.data?.checks ?? body.details?.checks };
};
const health = async (realtime: RunningRealtime) => (await fetch(`${realtime.url}/health`)).status;

/** Realtime with one of its links (to RabbitMQ or Redis) through a TCP proxy the test cuts. */
async function world(label: string, link: 'rabbitmq' | 'redis') {
  const harness = await createHarness(label);
  const server = new URL(link === 'rabbitmq' ? rabbitUrl! : redisUrl!);
  const proxy = await startTcpProxy({ host: server.hostname, port: Number(server.port) });
  const through = urlThroughPort(server.href, proxy.port);
  let bus: EventBus | undefined;
  let realtime: RunningRealtime;
  if (link === 'rabbitmq') {
    bus = await createRabbitMqBus({
      url: through,
      names: harness.names,
      reconnect: { initialDelayMs: 20, maxDelayMs: 200 },
    });
    realtime = await harness.start({}, { shared: { bus } });
  } else {
    realtime = await harness.start({ REDIS_URL: through });
  }
  const accountId = randomUUID();
  const user = harness.addUser({ [accountId]: 'admin' });
  const socket: Socket = await connect(realtime.url, '/agents', { token: await harness.tokenFor(user) });
  return {
    harness,
    proxy,
    realtime,
    accountId,
    socket,
    async close() {
      socket.close();
      proxy.restore();
      await harness.close();
      await bus?.close();
      await proxy.close();
    },
  };
}

async function outageAndBack(w: Awaited<ReturnType<typeof world>>, check: 'bus' | 'redis', proxy: TcpProxy) {
  expect(await readiness(w.realtime)).toMatchObject({ status: 200 });
  proxy.cut();
  await expect.poll(async () => (await readiness(w.realtime)).status, eventually).toBe(503);
  expect((await readiness(w.realtime)).checks).toMatchObject({ [check]: 'failing' });
  expect(await health(w.realtime)).toBe(200);
  expect(w.socket.connected).toBe(true);

  const conversation = conversationFixture({ account_id: w.accountId });
  const received = nextEvent(w.socket, 'conversation:new', () => true, 30_000);
  await w.harness.publish('conversation.created', w.accountId, { conversation });
  proxy.restore();
  expect(await received).toMatchObject({ conversation });
  await expect.poll(async () => (await readiness(w.realtime)).status, eventually).toBe(200);
}

describe.skipIf(!rabbitUrl)('when the RabbitMQ connection is cut', () => {
  let w: Awaited<ReturnType<typeof world>>;
  beforeAll(async () => {
    w = await world('rabbit-cut', 'rabbitmq');
  });
  afterAll(() => w?.close());

  it('stays up, reports not ready, and delivers what was published meanwhile once back', {
    timeout: 60_000,
  }, async () => {
    await outageAndBack(w, 'bus', w.proxy);
  });
});

describe.skipIf(!redisUrl)('when the Redis connection is cut', () => {
  let w: Awaited<ReturnType<typeof world>>;
  beforeAll(async () => {
    w = await world('redis-cut', 'redis');
  });
  afterAll(() => w?.close());

  it('stays up, reports not ready, and delivers the events held meanwhile once back', {
    timeout: 60_000,
  }, async () => {
    await outageAndBack(w, 'redis', w.proxy);
  });
});

describe('/health and /ready', () => {
  let harness: Harness;
  let realtime: RunningRealtime;
  beforeAll(async () => {
    harness = await createHarness('health');
    realtime = await harness.start();
  });
  afterAll(() => harness?.close());

  it('answers /health, and /ready with the bus and Redis (or in-memory KV) checks', async () => {
    expect(await health(realtime)).toBe(200);
    const ready = await readiness(realtime);
    expect(ready.status).toBe(200);
    expect(ready.checks).toMatchObject(
      redisUrl ? { bus: 'ok', redis: 'ok', kv: 'ok' } : { bus: 'ok', kv: 'ok' },
    );
  });
});
