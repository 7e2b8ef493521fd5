/**
 * Inbound webhook benchmark (127.0.0.1 only, bounded in time, prints numbers).
 *   npm run bench:inbound -- [--rate 300] [--duration 25] [--connections 32] [--customers 500]
 * Starts the Messaging API with its workers on PostgreSQL (TEST_DATABASE_URL, default
 * postgres://postgres@127.0.0.1:5432/postgres: a fresh database is created and dropped) and
 * RabbitMQ (RABBITMQ_URL, default amqp://guest:guest@127.0.0.1:5672: a unique exchange and
 * queues, deleted afterwards), with a fake Account API. autocannon posts WhatsApp webhooks,
 * each with a new message id from one of `customers` senders, signed (X-Hub-Signature-256 and
 * the gateway signature), at a fixed `rate` for `duration` seconds.
 * Prints the receiver's ack latency (verify + store + enqueue + 200) p50/p90/p99/max and its
 * sustained throughput, then how long the inbound worker takes to turn every stored webhook
 * into contacts, conversations and messages (end-to-end throughput), bounded by a 90 s drain.
 * BENCH_NO_WORKERS=1 measures the receiver alone (nothing is processed).
 */
import { createHmac, randomUUID } from 'node:crypto';
import { cpus, loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { createBus } from '@turumba/platform/bus';
import { createSilentLogger } from '@turumba/platform/logger';
import {
  deleteBusTopology,
  gatewayHeaders,
  testDatabaseUrlFor,
  uniqueBusNames,
} from '@turumba/platform/testing';
import autocannon from 'autocannon';
import { count, eq } from 'drizzle-orm';
import { startFakeAccountApi } from '../services/messaging-api/src/account-client/fake-account-api';
import { buildApp } from '../services/messaging-api/src/app';
import { fixtureJson } from '../services/messaging-api/src/channels/adapters/test-fixtures';
import { loadConfig } from '../services/messaging-api/src/config';
import { createDeps } from '../services/messaging-api/src/deps';
import { messages } from '../services/messaging-api/src/messages/tables';
import { inboundEvents } from '../services/messaging-api/src/webhooks/tables';
import { startWorkers } from '../services/messaging-api/src/workers';

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '300' },
    duration: { type: 'string', default: '25' },
    connections: { type: 'string', default: '32' },
    customers: { type: 'string', default: '500' },
  },
});
const rate = Number(values.rate);
const duration = Math.min(60, Number(values.duration));
const customers = Number(values.customers);

const databaseServer = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const rabbitUrl = process.env.RABBITMQ_URL || 'amqp://guest:guest@127.0.0.1:5672';
for (const url of [databaseServer, rabbitUrl]) {
  if (!['127.0.0.1', 'localhost'].includes(new URL(url).hostname)) throw new Error(`${url}: 127.0.0.1 only`);
}
process.env.TEST_DATABASE_URL = databaseServer;

const APP_SECRET = 'bench-app-secret';
const SECRET = 'bench-gateway-secret-0123456789abcdef';
const SERVICE_TOKEN = 'bench-service-token-0123456789abcdef';

const fresh = await testDatabaseUrlFor('bench_inbound');
const names = uniqueBusNames('bench');
const queues = { inbound: `${names.exchange}.inbound`, dispatch: `${names.exchange}.dispatch` };
const bus = await createBus({ url: rabbitUrl, names });
const accountApi = await startFakeAccountApi(SERVICE_TOKEN);
const config = loadConfig({
  MESSAGING_API_PORT: '0',
  LOG_LEVEL: 'silent',
  MESSAGING_DATABASE_URL: fresh.url,
  GATEWAY_SHARED_SECRET: SECRET,
  SERVICE_TOKEN,
  CREDENTIALS_ENCRYPTION_KEY: Buffer.alloc(32, 5).toString('base64'),
  ACCOUNT_API_URL: accountApi.url,
});
const deps = await createDeps(config, { logger: createSilentLogger(), shared: { bus } });
const app = await buildApp(deps);
const workers = process.env.BENCH_NO_WORKERS ? [] : await startWorkers(deps.modules, { queues });
const base = await app.listen({ port: 0, host: '127.0.0.1' });

const accountId = randomUUID();
const admin = { userId: randomUUID(), accountIds: [accountId], accountRoles: { [accountId]: 'admin' } };
const created = await app.inject({
  method: 'POST',
  url: '/v1/channels',
  headers: gatewayHeaders('POST', '/v1/channels', admin, SECRET),
  payload: {
    channel_type: 'whatsapp',
    name: 'bench',
    credentials: {
      access_token: 'a',
      phone_number_id: 'p',
      business_account_id: 'b',
      app_secret: APP_SECRET,
      verify_token: 'v',
    },
  },
});
const channelId: string = created.json().data.id;
const path = `/v1/webhooks/whatsapp/${channelId}`;

const template = fixtureJson('whatsapp_text.json');
let sequence = 0;
function nextWebhook() {
  sequence++;
  const waId = String(251_900_000_000 + (sequence % customers));
  const body = structuredClone(template);
  const value = body.entry[0].changes[0].value;
  value.contacts[0].wa_id = waId;
  Object.assign(value.messages[0], {
    from: waId,
    id: `wamid.bench-${sequence}`,
    timestamp: String(Math.floor(Date.now() / 1000)),
  });
  const raw = JSON.stringify(body);
  return {
    method: 'POST',
    path,
    body: raw,
    headers: {
      'content-type': 'application/json',
      'x-hub-signature-256': `sha256=${createHmac('sha256', APP_SECRET).update(raw).digest('hex')}`,
      ...gatewayHeaders('POST', path, undefined, SECRET),
    },
  };
}

const countOf = async (where: ReturnType<typeof eq>) => {
  const [row] = await deps.modules.db.select({ n: count() }).from(inboundEvents).where(where);
  return row!.n;
};

const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
console.log(
  `machine: ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB; node ${process.version}; load average ${load()}`,
);
console.log(
  `load: ${rate} webhooks/s for ${duration} s over ${values.connections} connections, ${customers} customers`,
);
const startedAt = Date.now();
const result = await autocannon({
  url: base,
  connections: Number(values.connections),
  duration,
  overallRate: rate,
  timeout: 10,
  requests: [{ method: 'POST', path, setupRequest: () => nextWebhook() }],
});
const loadEndedAt = Date.now();
const deadline = Date.now() + 90_000;
while ((await countOf(eq(inboundEvents.status, 'received'))) > 0 && Date.now() < deadline) {
  await new Promise((resolve) => setTimeout(resolve, 200));
}
const drainedAt = Date.now();
const [stats] = await deps.modules.db.select({ n: count() }).from(messages);
const pending = await countOf(eq(inboundEvents.status, 'received'));
const stored = await countOf(eq(inboundEvents.channelId, channelId));

console.log('\nwebhook receiver (verify → store raw → enqueue → 200)');
console.log(
  `  ack latency      p50 ${result.latency.p50} ms  p90 ${result.latency.p90} ms  p99 ${result.latency.p99} ms  max ${result.latency.max} ms`,
);
console.log(
  `  throughput       ${result.requests.average.toFixed(1)} req/s sustained (${result['2xx']} × 2xx, ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts)`,
);
console.log(`\ninbound worker (contact → conversation → message, one transaction per webhook)`);
console.log(`  stored events    ${stored}, messages ${stats!.n}, still unprocessed ${pending}`);
console.log(
  `  end to end       ${(stats!.n / ((drainedAt - startedAt) / 1000)).toFixed(1)} messages/s; backlog drained ${((drainedAt - loadEndedAt) / 1000).toFixed(1)} s after the load stopped`,
);

console.log(`\nload average at the end: ${load()}`);
for (const worker of workers) await worker.stop();
await app.close();
await deps.infra.close();
await bus.close();
await accountApi.close();
await deleteBusTopology(rabbitUrl, names, [queues.inbound, queues.dispatch]).catch(() => {});
await fresh.cleanup();
process.exit(0);
