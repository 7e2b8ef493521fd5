/**
 * The whole product in this process for the security suites: the four services on ports 0, the
 * gateway in front, a fake provider API on 127.0.0.1, and handles on every app (their route tables
 * are walked by the tests). Real PostgreSQL / RabbitMQ / Redis when TEST_DATABASE_URL /
 * RABBITMQ_URL / REDIS_URL are set (fresh databases, exchange, queues and key prefix per stack),
 * PGlite, the in-process bus and in-memory KV otherwise.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBus, type EventBus } from '@turumba/platform/bus';
import type { Database } from '@turumba/platform/db';
import { closeInOrder, type HttpApp } from '@turumba/platform/http';
import { createKv, type Kv } from '@turumba/platform/kv';
import { createSilentLogger, type Logger } from '@turumba/platform/logger';
import {
  createTestDatabase,
  deleteBusTopology,
  type FakeServer,
  startFakeServer,
  uniqueBusNames,
} from '@turumba/platform/testing';
import { loadConfig as loadAccountConfig } from '../../services/account-api/src/config';
import { migrationsFolder as accountMigrations } from '../../services/account-api/src/deps';
import { startAccountApi } from '../../services/account-api/src/start';
import { loadConfig as loadGatewayConfig } from '../../services/gateway/src/config';
import { startGateway } from '../../services/gateway/src/start';
import { buildApp as buildMessagingApp } from '../../services/messaging-api/src/app';
import { loadConfig as loadMessagingConfig } from '../../services/messaging-api/src/config';
import {
  createDeps as createMessagingDeps,
  migrationsFolder as messagingMigrations,
} from '../../services/messaging-api/src/deps';
import { routingQueuesOf, startWorkers } from '../../services/messaging-api/src/workers';
import { loadConfig as loadRealtimeConfig } from '../../services/realtime/src/config';
import { type RunningRealtime, startRealtime } from '../../services/realtime/src/start';

export const PUBLIC_URL = 'https://support.example.com';
export const DEMO_PASSWORD = 'correct-horse-battery';

export interface SecurityStack {
  gatewayUrl: string;
  gateway: HttpApp;
  account: HttpApp;
  messaging: HttpApp;
  realtime: RunningRealtime;
  provider: FakeServer;
  secrets: { gateway: string; service: string; credentials: string };
  databases: { account: Database; messaging: Database };
  close(): Promise<void>;
}

export interface StackOptions {
  logger?: Logger;
  /** Extra gateway variables (rate limits...). */
  gatewayEnv?: Record<string, string>;
}

export async function startSecurityStack(options: StackOptions = {}): Promise<SecurityStack> {
  const logger = options.logger ?? createSilentLogger();
  const dataDir = mkdtempSync(join(tmpdir(), 'turumba-security-'));
  const names = uniqueBusNames('security');
  const rabbitUrl = process.env.RABBITMQ_URL;
  const redisUrl = process.env.REDIS_URL;
  // Fresh migrated databases (a PGlite snapshot, or a new database on TEST_DATABASE_URL's server).
  const [accountDb, messagingDb] = await Promise.all([
    createTestDatabase(accountMigrations),
    createTestDatabase(messagingMigrations),
  ]);
  const bus: EventBus = await createBus({ url: rabbitUrl, names, logger });
  const kv: Kv = createKv({ url: redisUrl, keyPrefix: `${names.exchange}:`, logger });
  const shared = { bus, kv };
  const provider = await startFakeServer();
  const secrets = {
    gateway: randomBytes(24).toString('base64url'),
    service: randomBytes(24).toString('base64url'),
    credentials: randomBytes(32).toString('base64'),
  };
  const env: Record<string, string | undefined> = {
    DATA_DIR: dataDir,
    LOG_LEVEL: 'trace',
    DEMO_PASSWORD,
    SEED_DEMO: 'false',
    GATEWAY_SHARED_SECRET: secrets.gateway,
    SERVICE_TOKEN: secrets.service,
    CREDENTIALS_ENCRYPTION_KEY: secrets.credentials,
    ACCOUNT_API_PORT: '0',
    MESSAGING_API_PORT: '0',
    REALTIME_PORT: '0',
    GATEWAY_PORT: '0',
    PUBLIC_URL,
    TELEGRAM_API_BASE: provider.url,
    WHATSAPP_API_BASE: provider.url,
    MESSENGER_API_BASE: provider.url,
    TWILIO_API_BASE: provider.url,
    PROVIDER_TIMEOUT_MS: '2000',
  };
  const child = (service: string, database?: Database) => ({
    logger: logger.child({ service }),
    shared: { ...shared, database },
  });

  const account = await startAccountApi(loadAccountConfig(env), child('account-api', accountDb.database));
  env.ACCOUNT_API_URL = account.url;

  const messagingConfig = loadMessagingConfig(env);
  const messagingDeps = await createMessagingDeps(
    messagingConfig,
    child('messaging-api', messagingDb.database),
  );
  const messaging = await buildMessagingApp(messagingDeps);
  const queues = { inbound: `${names.exchange}.inbound`, dispatch: `${names.exchange}.dispatch` };
  const workers = await startWorkers(messagingDeps.modules, {
    queues,
    dispatchTiming: { baseDelayMs: 20, maxDelayMs: 500 },
  });
  env.MESSAGING_API_URL = await messaging.listen({ port: 0, host: '127.0.0.1' });

  const realtimeQueue = `${names.exchange}.realtime`;
  const realtime = await startRealtime(
    loadRealtimeConfig({
      ...env,
      REDIS_URL: redisUrl,
      REDIS_KEY_PREFIX: `${names.exchange}:`,
      REALTIME_QUEUE: realtimeQueue,
    }),
    child('realtime'),
  );
  env.REALTIME_URL = realtime.url;
  const gateway = await startGateway(loadGatewayConfig({ ...env, ...options.gatewayEnv }), {
    logger: logger.child({ service: 'gateway' }),
  });

  return {
    gatewayUrl: gateway.url,
    gateway: gateway.app,
    account: account.app,
    messaging,
    realtime,
    provider,
    secrets,
    databases: { account: accountDb.database, messaging: messagingDb.database },
    close: () =>
      closeInOrder(
        [
          ['gateway', () => gateway.close()],
          ['realtime', () => realtime.close()],
          ['messaging-api', () => messaging.close()],
          ...workers.map((w): [string, () => Promise<void>] => [w.name, () => w.stop()]),
          ['messaging-infra', () => messagingDeps.infra.close()],
          ['account-api', () => account.close()],
          ['bus', () => bus.close()],
          ['kv', () => kv.close()],
          ['provider', () => provider.close()],
          [
            'topology',
            async () => {
              if (rabbitUrl) {
                const routing = Object.values(routingQueuesOf(queues.inbound));
                const all = [queues.inbound, queues.dispatch, ...routing, realtimeQueue];
                await deleteBusTopology(rabbitUrl, names, all).catch(() => {});
              }
            },
          ],
          ['databases', async () => void (await Promise.all([accountDb.cleanup(), messagingDb.cleanup()]))],
          ['data', () => rmSync(dataDir, { recursive: true, force: true })],
        ],
        logger,
      ),
  };
}
