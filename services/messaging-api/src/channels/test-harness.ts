import { randomUUID } from 'node:crypto';
import { createBus, createInProcessBus, type EventBus } from '@turumba/platform/bus';
import { createKv, createMemoryKv } from '@turumba/platform/kv';
import {
  createTestDatabase,
  deleteBusTopology,
  gatewayHeaders,
  startFakeServer,
  type TestIdentity,
  testGatewaySecret,
  testServiceToken,
  uniqueBusNames,
} from '@turumba/platform/testing';
import { pino } from 'pino';
import { startFakeAccountApi } from '../account-client/fake-account-api';
import { buildApp } from '../app';
import { loadConfig } from '../config';
import { createDeps, migrationsFolder } from '../deps';
import type { Worker } from '../module-deps';
import { routingQueuesOf, startWorkers, type WorkerOptions } from '../workers';

export const TEST_PUBLIC_URL = 'https://support.example.com';
export const TEST_CREDENTIALS_KEY = Buffer.alloc(32, 9).toString('base64');

export interface HarnessOptions {
  clock?: () => Date;
  /** Start the inbound worker and dispatcher (default true). */
  workers?: boolean;
  workerOptions?: WorkerOptions;
  env?: Record<string, string>;
}

/**
 * The Messaging API with its workers, driven through the front door (`app.inject` with
 * gateway-signed headers): a fresh database (PostgreSQL when TEST_DATABASE_URL is set), the bus
 * and KV of the environment (RabbitMQ and Redis when their URLs are set, with names unique to
 * this harness), a fake Account API and a fake provider server on 127.0.0.1, and every log
 * line captured.
 */
export async function startPipelineHarness(options: HarnessOptions = {}) {
  const names = uniqueBusNames('msgtest');
  const rabbitUrl = process.env.RABBITMQ_URL;
  const retry = { baseDelayMs: 20, maxDelayMs: 200 };
  const bus: EventBus = rabbitUrl
    ? await createBus({ url: rabbitUrl, names, retry })
    : createInProcessBus({ retry });
  const kv = process.env.REDIS_URL
    ? createKv({ url: process.env.REDIS_URL, keyPrefix: `${names.exchange}:` })
    : createMemoryKv();
  const database = await createTestDatabase(migrationsFolder);
  const accountApi = await startFakeAccountApi(testServiceToken);
  const provider = await startFakeServer();
  const logLines: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => logLines.push(line) });
  const config = loadConfig({
    DATA_DIR: ':memory:',
    GATEWAY_SHARED_SECRET: testGatewaySecret,
    SERVICE_TOKEN: testServiceToken,
    CREDENTIALS_ENCRYPTION_KEY: TEST_CREDENTIALS_KEY,
    ACCOUNT_API_URL: accountApi.url,
    PUBLIC_URL: TEST_PUBLIC_URL,
    TELEGRAM_API_BASE: provider.url,
    WHATSAPP_API_BASE: provider.url,
    MESSENGER_API_BASE: provider.url,
    TWILIO_API_BASE: provider.url,
    PROVIDER_TIMEOUT_MS: '2000',
    DISPATCH_MAX_ATTEMPTS: '4',
    ...options.env,
  });
  const deps = await createDeps(config, {
    logger,
    clock: options.clock,
    shared: { database: database.database, bus, kv },
  });
  const app = await buildApp(deps);
  await app.ready();
  const queues = { inbound: `${names.exchange}.inbound`, dispatch: `${names.exchange}.dispatch` };
  const workerOptions: WorkerOptions = {
    inboundMaxAttempts: 5,
    dispatchTiming: { baseDelayMs: 20, maxDelayMs: 3_000 },
    accountApi: { retries: 1, initialBackoffMs: 10, timeoutMs: 2_000 },
    queues,
    ...options.workerOptions,
  };
  const workers: Worker[] = [];
  const startMoreWorkers = async () => workers.push(...(await startWorkers(deps.modules, workerOptions)));
  if (options.workers !== false) await startMoreWorkers();

  const accountId = randomUUID();
  const admin: TestIdentity = {
    userId: randomUUID(),
    accountIds: [accountId],
    accountRoles: { [accountId]: 'admin' },
  };
  const agent: TestIdentity = {
    userId: randomUUID(),
    accountIds: [accountId],
    accountRoles: { [accountId]: 'agent' },
  };

  function inject(
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    identity?: TestIdentity,
    body?: unknown,
  ) {
    return app.inject({
      method,
      url,
      headers: gatewayHeaders(method, url, identity),
      payload: body as object,
    });
  }

  return {
    app,
    deps,
    db: deps.modules.db,
    bus,
    kv,
    config,
    accountApi,
    provider,
    logLines,
    accountId,
    admin,
    agent,
    inject,
    startMoreWorkers,
    /** Creates a channel as the account's admin and returns its DTO. */
    async createChannel(
      channelType: string,
      credentials: Record<string, unknown>,
      extra: Record<string, unknown> = {},
    ) {
      const response = await inject('POST', '/v1/channels', admin, {
        channel_type: channelType,
        name: `${channelType} test`,
        credentials,
        ...extra,
      });
      if (response.statusCode !== 201) throw new Error(`channel not created: ${response.body}`);
      return response.json().data as { id: string; webhook_url: string; status: string };
    },
    /** A provider's POST, as the gateway forwards public routes (signed, no identity). */
    postWebhook(path: string, body: Buffer | string, headers: Record<string, string> = {}) {
      return app.inject({
        method: 'POST',
        url: path,
        payload: body,
        headers: { ...headers, ...gatewayHeaders('POST', path) },
      });
    },
    async cleanup() {
      for (const worker of workers) await worker.stop();
      await app.close();
      await deps.infra.close();
      await bus.close();
      await kv.close();
      await database.cleanup();
      await accountApi.close();
      await provider.close();
      if (rabbitUrl)
        await deleteBusTopology(rabbitUrl, names, [
          queues.inbound,
          queues.dispatch,
          ...Object.values(routingQueuesOf(queues.inbound)),
        ]).catch(() => {});
    },
  };
}
export type PipelineHarness = Awaited<ReturnType<typeof startPipelineHarness>>;

/** Polls `check` until it returns something other than undefined/false, or fails after the deadline. */
export async function waitFor<T>(
  check: () => Promise<T | undefined | false>,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
