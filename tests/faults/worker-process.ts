/**
 * The Messaging API's workers (inbound worker, dispatcher, outbox relay) alone in a child process,
 * joined to a fault test's stack through the FAULTS_* variables its `childEnv()` gives: the same
 * database, exchange, queues, KV prefix, fake Account API and fake provider. It prints `ready`
 * once consuming; SIGTERM stops it cleanly, SIGKILL is the crash under test.
 */
import { randomUUID } from 'node:crypto';
import { createRabbitMqBus } from '@turumba/platform/bus';
import { createDatabase } from '@turumba/platform/db';
import { createKv } from '@turumba/platform/kv';
import { createLogger } from '@turumba/platform/logger';
import { testGatewaySecret, testServiceToken, uniqueBusNames } from '@turumba/platform/testing';
import {
  TEST_CREDENTIALS_KEY,
  TEST_PUBLIC_URL,
} from '../../services/messaging-api/src/channels/test-harness';
import { loadConfig } from '../../services/messaging-api/src/config';
import { createDeps, migrationsFolder } from '../../services/messaging-api/src/deps';
import { createFakeDirectory } from '../../services/messaging-api/src/test-support';
import { startWorkers } from '../../services/messaging-api/src/workers';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`worker-process: ${name} is not set`);
  return value;
}

const logger = createLogger({
  name: `faults-worker-${process.pid}`,
  level: process.env.FAULTS_WORKER_LOG ?? 'warn',
});
const exchange = required('FAULTS_BUS_EXCHANGE');
const names = {
  ...uniqueBusNames(),
  exchange,
  deadLetterExchange: `${exchange}.dlx`,
  deadLetterQueue: `${exchange}.dlq`,
};
const database = await createDatabase({
  url: required('FAULTS_DATABASE_URL'),
  migrationsFolder,
  logger,
  poolSize: 5,
});
const bus = await createRabbitMqBus({
  url: required('FAULTS_RABBITMQ_URL'),
  names,
  logger,
  retry: { baseDelayMs: 20, maxDelayMs: 200 },
  connectionName: `faults worker ${process.pid} ${randomUUID().slice(0, 8)}`,
});
const kv = createKv({
  url: process.env.FAULTS_REDIS_URL || undefined,
  keyPrefix: process.env.FAULTS_KV_PREFIX,
  logger,
});
const provider = required('FAULTS_PROVIDER_URL');
const config = loadConfig({
  DATA_DIR: ':memory:',
  GATEWAY_SHARED_SECRET: testGatewaySecret,
  SERVICE_TOKEN: testServiceToken,
  CREDENTIALS_ENCRYPTION_KEY: TEST_CREDENTIALS_KEY,
  ACCOUNT_API_URL: required('FAULTS_ACCOUNT_API_URL'),
  PUBLIC_URL: TEST_PUBLIC_URL,
  TELEGRAM_API_BASE: provider,
  WHATSAPP_API_BASE: provider,
  MESSENGER_API_BASE: provider,
  TWILIO_API_BASE: provider,
  PROVIDER_TIMEOUT_MS: '2000',
});
const deps = await createDeps(config, {
  logger,
  shared: { database, bus, kv },
  directory: createFakeDirectory(),
});
const workers = await startWorkers(deps.modules, {
  inboundMaxAttempts: 8,
  accountApi: { retries: 1, initialBackoffMs: 10, timeoutMs: 2_000 },
  queues: { inbound: required('FAULTS_INBOUND_QUEUE'), dispatch: required('FAULTS_DISPATCH_QUEUE') },
  routing: false,
});
process.stdout.write('ready\n');

process.once('SIGTERM', async () => {
  for (const worker of workers) await worker.stop();
  await deps.infra.close();
  await bus.close();
  await kv.close();
  await database.close();
  process.exit(0);
});
