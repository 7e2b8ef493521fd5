import { createHmac, randomUUID } from 'node:crypto';
import { createInProcessBus, createRabbitMqBus, type EventBus } from '@turumba/platform/bus';
import { createKv, createMemoryKv, type Kv } from '@turumba/platform/kv';
import {
  createTestDatabase,
  deleteBusTopology,
  gatewayHeaders,
  startFakeServer,
  startTcpProxy,
  type TcpProxy,
  type TestIdentity,
  testGatewaySecret,
  testServiceToken,
  uniqueBusNames,
  urlThroughPort,
} from '@turumba/platform/testing';
import { pino } from 'pino';
import { startFakeAccountApi } from '../../services/messaging-api/src/account-client/fake-account-api';
import { buildApp } from '../../services/messaging-api/src/app';
import {
  TEST_CREDENTIALS_KEY,
  TEST_PUBLIC_URL,
} from '../../services/messaging-api/src/channels/test-harness';
import { loadConfig } from '../../services/messaging-api/src/config';
import { createDeps, migrationsFolder } from '../../services/messaging-api/src/deps';
import type { Worker } from '../../services/messaging-api/src/module-deps';
import { createFakeDirectory } from '../../services/messaging-api/src/test-support';
import { startWorkers, type WorkerOptions } from '../../services/messaging-api/src/workers';

/** The real servers of CI, when their URLs are set; each fault test says which it needs. */
export const realServices = {
  postgres: process.env.TEST_DATABASE_URL,
  rabbitmq: process.env.RABBITMQ_URL,
  redis: process.env.REDIS_URL,
};
export const hasAllRealServices = Boolean(
  realServices.postgres && realServices.rabbitmq && realServices.redis,
);

export const APP_SECRET = 'faults_app_secret_123';
export const WHATSAPP_CREDENTIALS = {
  access_token: 'a',
  phone_number_id: 'faults-phone',
  business_account_id: 'b',
  app_secret: APP_SECRET,
  verify_token: 'v',
};

export interface FaultStackOptions {
  /** Start the inbound worker and dispatcher in this process (default true). */
  workers?: boolean;
  workerOptions?: WorkerOptions;
}

/** Log lines kept for a failing test to print (the last ones: overload runs write many). */
const KEPT_LOG_LINES = 2_000;

function proxyTarget(url: string, defaultPort: number) {
  const parsed = new URL(url);
  return { host: parsed.hostname, port: Number(parsed.port || defaultPort) };
}

/**
 * The Messaging API (HTTP app, workers, outbox relay) on a fresh database, with RabbitMQ and Redis
 * reached through TCP proxies the test can cut (so a "restart" touches only this test's
 * connections, never the shared brokers), a fake Account API and a fake provider on 127.0.0.1.
 * Without the real servers' URLs it runs on PGlite, the in-process bus and the in-memory KV.
 */
export async function startFaultStack(options: FaultStackOptions = {}) {
  const names = uniqueBusNames('faults');
  const kvPrefix = `${names.exchange}:`;
  const rabbitProxy = realServices.rabbitmq
    ? await startTcpProxy(proxyTarget(realServices.rabbitmq, 5672))
    : undefined;
  const redisProxy = realServices.redis
    ? await startTcpProxy(proxyTarget(realServices.redis, 6379))
    : undefined;
  const logLines: string[] = [];
  const logger = pino(
    { level: 'info' },
    {
      write: (line: string) => {
        if (logLines.push(line) > KEPT_LOG_LINES) logLines.shift();
      },
    },
  );
  const retry = { baseDelayMs: 20, maxDelayMs: 200 };
  const bus: EventBus =
    realServices.rabbitmq && rabbitProxy
      ? await createRabbitMqBus({
          url: urlThroughPort(realServices.rabbitmq, rabbitProxy.port),
          names,
          retry,
          logger,
          connectionName: `faults ${names.exchange}`,
          reconnect: { initialDelayMs: 50, maxDelayMs: 500 },
        })
      : createInProcessBus({ retry });
  const kv: Kv =
    realServices.redis && redisProxy
      ? createKv({ url: urlThroughPort(realServices.redis, redisProxy.port), keyPrefix: kvPrefix, logger })
      : createMemoryKv();
  const database = await createTestDatabase(migrationsFolder);
  const accountApi = await startFakeAccountApi(testServiceToken);
  const provider = await startFakeServer();
  const config = loadConfig({
    DATA_DIR: ':memory:',
    LOG_LEVEL: 'info',
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
  });
  const deps = await createDeps(config, {
    logger,
    shared: { database: database.database, bus, kv },
    directory: createFakeDirectory(),
  });
  const app = await buildApp(deps);
  await app.ready();
  const queues = { inbound: `${names.exchange}.inbound`, dispatch: `${names.exchange}.dispatch` };
  const workerOptions: WorkerOptions = {
    inboundMaxAttempts: 8,
    dispatchTiming: { baseDelayMs: 20, maxDelayMs: 1_000 },
    accountApi: { retries: 1, initialBackoffMs: 10, timeoutMs: 2_000 },
    queues,
    ...options.workerOptions,
  };
  const workers: Worker[] = [];
  /** Queues created by workers started elsewhere (routing, child processes), deleted at cleanup. */
  const extraQueues: string[] = [];
  if (options.workers !== false) workers.push(...(await startWorkers(deps.modules, workerOptions)));

  const accountId = randomUUID();
  const admin: TestIdentity = {
    userId: randomUUID(),
    accountIds: [accountId],
    accountRoles: { [accountId]: 'admin' },
  };

  /** Everything a worker in a child process needs to join this stack (see worker-process.ts). */
  const childEnv = (): Record<string, string> => ({
    FAULTS_DATABASE_URL: database.url ?? '',
    FAULTS_RABBITMQ_URL: realServices.rabbitmq ?? '',
    FAULTS_BUS_EXCHANGE: names.exchange,
    FAULTS_REDIS_URL: realServices.redis ?? '',
    FAULTS_KV_PREFIX: kvPrefix,
    FAULTS_ACCOUNT_API_URL: accountApi.url,
    FAULTS_PROVIDER_URL: provider.url,
    FAULTS_INBOUND_QUEUE: queues.inbound,
    FAULTS_DISPATCH_QUEUE: queues.dispatch,
  });

  const postWebhookResponse = (path: string, body: Buffer) =>
    app.inject({
      method: 'POST',
      url: path,
      payload: body,
      headers: { ...metaSignature(body), ...gatewayHeaders('POST', path) },
    });

  let cleaned = false;
  return {
    app,
    deps,
    db: deps.modules.db,
    database,
    bus,
    kv,
    names,
    queues,
    rabbitProxy,
    redisProxy,
    accountApi,
    provider,
    logLines,
    accountId,
    admin,
    workers,
    extraQueues,
    childEnv,
    startMoreWorkers: async () => workers.push(...(await startWorkers(deps.modules, workerOptions))),
    async stopWorkers() {
      for (const worker of workers.splice(0)) await worker.stop();
    },
    async createWhatsappChannel() {
      const response = await app.inject({
        method: 'POST',
        url: '/v1/channels',
        headers: gatewayHeaders('POST', '/v1/channels', admin),
        payload: { channel_type: 'whatsapp', name: 'faults', credentials: WHATSAPP_CREDENTIALS },
      });
      if (response.statusCode !== 201) throw new Error(`channel not created: ${response.body}`);
      const data = response.json().data as { id: string; webhook_url: string };
      return { id: data.id, path: data.webhook_url.slice(TEST_PUBLIC_URL.length) };
    },
    /** A provider's signed POST, as the gateway forwards it; resolves with the status code. */
    async postWebhook(path: string, body: Buffer): Promise<number> {
      return (await postWebhookResponse(path, body)).statusCode;
    },
    postWebhookResponse,
    async ready(): Promise<{ status: number; checks: Record<string, string> }> {
      const response = await app.inject({ method: 'GET', url: '/ready' });
      const body = response.json() as { data?: { checks: object }; details?: { checks: object } };
      return {
        status: response.statusCode,
        checks: (body.data?.checks ?? body.details?.checks ?? {}) as Record<string, string>,
      };
    },
    async cleanup() {
      if (cleaned) return;
      cleaned = true;
      rabbitProxy?.restore();
      redisProxy?.restore();
      const steps: Array<[string, () => Promise<unknown>]> = [
        ['workers', () => Promise.all(workers.map((worker) => worker.stop()))],
        ['app', () => app.close()],
        ['infrastructure', () => deps.infra.close()],
        ['bus', () => bus.close()],
        ['kv', () => kv.close()],
        ['database', () => database.cleanup()],
        ['fakes', () => Promise.all([accountApi.close(), provider.close()])],
        [
          'topology',
          async () =>
            realServices.rabbitmq &&
            deleteBusTopology(realServices.rabbitmq, names, [...Object.values(queues), ...extraQueues]),
        ],
        ['proxies', () => Promise.all([rabbitProxy?.close(), redisProxy?.close()])],
      ];
      for (const [name, step] of steps) {
        const started = Date.now();
        await step().catch((err) => logger.warn({ err, step: name }, 'cleanup step failed'));
        if (process.env.FAULTS_DEBUG) console.error(`cleanup ${name}: ${Date.now() - started} ms`);
      }
    },
  };
}
export type FaultStack = Awaited<ReturnType<typeof startFaultStack>>;

/** Meta's `X-Hub-Signature-256` over the raw body, as WhatsApp sends it. */
export function metaSignature(body: Buffer): Record<string, string> {
  return {
    'x-hub-signature-256': `sha256=${createHmac('sha256', APP_SECRET).update(body).digest('hex')}`,
    'content-type': 'application/json',
  };
}

/** A WhatsApp Cloud API webhook carrying one text message from `waId`. */
export function whatsappText(waId: string, messageId: string, text = `hello ${messageId}`): Buffer {
  const body = {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: {
                display_phone_number: '15550783881',
                phone_number_id: WHATSAPP_CREDENTIALS.phone_number_id,
              },
              contacts: [{ profile: { name: `Customer ${waId}` }, wa_id: waId }],
              messages: [
                {
                  from: waId,
                  id: messageId,
                  timestamp: String(Math.floor(Date.now() / 1000)),
                  type: 'text',
                  text: { body: text },
                },
              ],
            },
          },
        ],
      },
    ],
  };
  return Buffer.from(JSON.stringify(body));
}

/** A WhatsApp delivery receipt for one of our outbound messages. */
export function whatsappReceipt(providerMessageId: string, status: string, recipient: string): Buffer {
  const body = {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: {
                display_phone_number: '15550783881',
                phone_number_id: WHATSAPP_CREDENTIALS.phone_number_id,
              },
              statuses: [
                {
                  id: providerMessageId,
                  status,
                  timestamp: String(Math.floor(Date.now() / 1000)),
                  recipient_id: recipient,
                },
              ],
            },
          },
        ],
      },
    ],
  };
  return Buffer.from(JSON.stringify(body));
}

/** Polls `check` until it returns something other than undefined/false, or throws after the deadline. */
export async function waitFor<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value as T;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface AcceptedMessage {
  channelId: string;
  providerMessageId: string;
}

/**
 * A stream of one-message webhooks (`count` of them, `senders` customers in turn) posted
 * `concurrency` at a time; every 2xx is recorded in `accepted`, every other status counted.
 * `onProgress(sent)` runs after each answer (fault tests cut a link mid-stream from it).
 */
export async function streamWebhooks(
  stack: Pick<FaultStack, 'postWebhook'>,
  channel: { id: string; path: string },
  options: {
    label: string;
    count: number;
    senders: number;
    concurrency: number;
    accepted: AcceptedMessage[];
    onProgress?: (sent: number) => void | Promise<void>;
  },
): Promise<{ statuses: Map<number, number> }> {
  const statuses = new Map<number, number>();
  let next = 0;
  let sent = 0;
  const lane = async () => {
    while (next < options.count) {
      const n = next++;
      const providerMessageId = `wamid.${options.label}-${n}`;
      const waId = `2519${String(n % options.senders).padStart(8, '0')}`;
      const status = await stack.postWebhook(channel.path, whatsappText(waId, providerMessageId));
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      if (status >= 200 && status < 300) options.accepted.push({ channelId: channel.id, providerMessageId });
      sent++;
      await options.onProgress?.(sent);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, lane));
  return { statuses };
}

export type { TcpProxy };
