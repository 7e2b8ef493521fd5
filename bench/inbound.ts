/**
 * Inbound webhook benchmark: webhook acknowledgement, end-to-end inbound throughput, and the
 * bare database limit of the same work (pgbench) in one run. 127.0.0.1 only, bounded in time.
 *
 *   npm run bench:inbound -- [--rate 2000] [--duration 20] [--warmup 3] [--connections 64] [--customers 500]
 *                            [--pgbench-seconds 10] [--pgbench-clients 16]
 *   BENCH_NO_WORKERS=1 npm run bench:inbound -- ...   # the receiver alone (nothing is processed)
 *   BENCH_CPU_PROF=/tmp/prof npm run bench:inbound -- ... # also a V8 CPU profile of the server
 *
 * Needs PostgreSQL (TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres: a
 * fresh database is created and dropped), RabbitMQ (RABBITMQ_URL, default
 * amqp://guest:guest@127.0.0.1:5672: a unique exchange and queues, deleted afterwards) and the
 * `pgbench` binary on PATH (PGBENCH to override). Run it on a quiet machine: the numbers are only
 * comparable when nothing else competes for the cores and the disk.
 *
 * 1. Load. The Messaging API (receiver, outbox relay, inbound worker, dispatcher, sweeper;
 *    routing off: this measures the channel pipeline) runs in a child process of this script
 *    (its own event loop, as in production) on 127.0.0.1; the fake Account API runs in this
 *    process, so the server's CPU figure is the Messaging API's alone. From this
 *    process an open-loop generator (undici) posts WhatsApp webhooks at a fixed `rate` for `duration`
 *    seconds over `connections` keep-alive connections: webhook k is due at start + k / rate
 *    whatever the answers do, and its latency counts from that due time (no coordinated omission),
 *    each with a new message id from one of `customers`
 *    senders, signed with X-Hub-Signature-256 and the gateway signature (all bodies are built
 *    and signed before the load starts, so the generator spends nothing on them). The same load
 *    runs for `warmup` seconds first (JIT, connection pools, caches), untimed; its webhooks are
 *    processed and checked like the others.
 * 2. Drain. Waits (at most 120 s) until every stored webhook is processed.
 * 3. pgbench, on the same database with the app stopped, `pgbench-clients` clients for
 *    `pgbench-seconds` each: (a) the receiver's transaction (inbound_events row + outbox row +
 *    NOTIFY), (b) the inbound worker's transaction for one message (dedupe marker, conversation
 *    row locked and updated, message inserted, outbox row, webhook marked processed, NOTIFY,
 *    plus the contact-identifier lookup the worker does before it).
 *
 * Prints, against the goals of issue 4: ack latency p50/p90/p99/max (goal p99 ≤ 25 ms at
 * 2,000 webhooks/s), accepted webhooks/s (goal 2,000), end-to-end messages/s from the first
 * request until the backlog is drained (goal ≥ 1,000), lost/duplicated counts (goal 0/0), the
 * pgbench tps of (a) and (b), and the ratios ours ÷ pgbench that go in BENCHMARKS.md.
 */
import { execFile, fork } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { createBus } from '@turumba/platform/bus';
import { createSilentLogger } from '@turumba/platform/logger';
import {
  deleteBusTopology,
  gatewayHeaders,
  testDatabaseUrlFor,
  uniqueBusNames,
} from '@turumba/platform/testing';
import pg from 'pg';
import { Pool } from 'undici';
import { startFakeAccountApi } from '../services/messaging-api/src/account-client/fake-account-api';
import { buildApp } from '../services/messaging-api/src/app';
import { fixtureJson } from '../services/messaging-api/src/channels/adapters/test-fixtures';
import { loadConfig } from '../services/messaging-api/src/config';
import { createDeps } from '../services/messaging-api/src/deps';
import { startWorkers } from '../services/messaging-api/src/workers';

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '2000' },
    duration: { type: 'string', default: '20' },
    /** Seconds of the same load before the timed run (JIT, pools, caches); not counted. */
    warmup: { type: 'string', default: '3' },
    connections: { type: 'string', default: '64' },
    customers: { type: 'string', default: '500' },
    'pgbench-seconds': { type: 'string', default: '10' },
    'pgbench-clients': { type: 'string', default: '16' },
    /** Internal: run as the server child (database URL, bus exchange). */
    serve: { type: 'string' },
    exchange: { type: 'string' },
    'account-api': { type: 'string' },
  },
});
const APP_SECRET = 'bench-app-secret';
const SECRET = 'bench-gateway-secret-0123456789abcdef';
const SERVICE_TOKEN = 'bench-service-token-0123456789abcdef';
const withWorkers = !process.env.BENCH_NO_WORKERS;
const rabbitUrl = process.env.RABBITMQ_URL || 'amqp://guest:guest@127.0.0.1:5672';

type Ready = { url: string; channelId: string; accountId: string };

if (values.serve) await serve(values.serve, values.exchange!, values['account-api']!);
else await measure();

/** The child: the Messaging API and its workers, until the parent says stop. */
async function serve(databaseUrl: string, exchange: string, accountApiUrl: string): Promise<void> {
  const names = { exchange, deadLetterExchange: `${exchange}.dlx`, deadLetterQueue: `${exchange}.dlq` };
  const bus = await createBus({ url: rabbitUrl, names });
  const config = loadConfig({
    MESSAGING_API_PORT: '0',
    LOG_LEVEL: 'silent',
    MESSAGING_DATABASE_URL: databaseUrl,
    GATEWAY_SHARED_SECRET: SECRET,
    SERVICE_TOKEN,
    CREDENTIALS_ENCRYPTION_KEY: Buffer.alloc(32, 5).toString('base64'),
    ACCOUNT_API_URL: accountApiUrl,
  });
  const deps = await createDeps(config, { logger: createSilentLogger(), shared: { bus } });
  const app = await buildApp(deps);
  const queues = { inbound: `${exchange}.inbound`, dispatch: `${exchange}.dispatch` };
  const workers = withWorkers ? await startWorkers(deps.modules, { queues, routing: false }) : [];
  // Time from the request's arrival to the end of its response, as the server sees it.
  const served: number[] = [];
  app.addHook('onResponse', async (request, reply) => {
    if (request.method === 'POST' && request.url.startsWith('/v1/webhooks/')) served.push(reply.elapsedTime);
  });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
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
  const cpuAtStart = process.cpuUsage();
  process.send?.({ url, channelId: created.json().data.id, accountId } satisfies Ready);
  process.once('message', async () => {
    const cpu = process.cpuUsage(cpuAtStart);
    served.sort((a, b) => a - b);
    const at = (p: number) => served[Math.min(served.length - 1, Math.floor((p / 100) * served.length))] ?? 0;
    process.send?.({
      cpuMs: (cpu.user + cpu.system) / 1000,
      servedMs: { p50: at(50), p90: at(90), p99: at(99), max: served.at(-1) ?? 0 },
    });
    for (const worker of workers) await worker.stop();
    await app.close();
    await deps.infra.close();
    await bus.close();
    process.send?.('stopped', () => process.exit(0));
  });
}

/** The parent: load, drain, pgbench, numbers. */
async function measure(): Promise<void> {
  const rate = Number(values.rate);
  const duration = Math.min(60, Number(values.duration));
  const customers = Number(values.customers);
  const pgbenchSeconds = Math.min(60, Number(values['pgbench-seconds']));
  const pgbenchClients = Number(values['pgbench-clients']);
  const GOALS = { ackP99Ms: 25, acceptedPerSecond: 2_000, endToEndPerSecond: 1_000 };

  const databaseServer = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  for (const url of [databaseServer, rabbitUrl]) {
    if (!['127.0.0.1', 'localhost'].includes(new URL(url).hostname))
      throw new Error(`${url}: 127.0.0.1 only`);
  }
  process.env.TEST_DATABASE_URL = databaseServer;
  const fresh = await testDatabaseUrlFor('bench_inbound');
  const names = uniqueBusNames('bench');
  // The topology is declared by the child; created here first so that cleanup can always delete it.
  await (await createBus({ url: rabbitUrl, names })).close();

  // The Account API is another service in production: its fake runs here, not in the server.
  const accountApi = await startFakeAccountApi(SERVICE_TOKEN);
  const args = ['--serve', fresh.url!, '--exchange', names.exchange, '--account-api', accountApi.url];
  const child = fork(fileURLToPath(import.meta.url), args, {
    stdio: 'inherit',
    execArgv: [
      ...process.execArgv,
      ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF] : []),
    ],
  });
  const ready = await new Promise<Ready>((resolve, reject) => {
    child.once('message', (m) => resolve(m as Ready));
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  const pool = new pg.Pool({ connectionString: fresh.url, max: 2 });
  const one = async <T>(text: string, params: unknown[] = []) =>
    (await pool.query(text, params)).rows[0] as T;
  const path = `/v1/webhooks/whatsapp/${ready.channelId}`;

  const template = fixtureJson('whatsapp_text.json');
  const webhookBody = (n: number) => {
    const waId = String(251_900_000_000 + (n % customers));
    const body = structuredClone(template);
    const value = body.entry[0].changes[0].value;
    value.contacts[0].wa_id = waId;
    Object.assign(value.messages[0], {
      from: waId,
      id: `wamid.bench-${n}`,
      timestamp: String(Math.floor(Date.now() / 1000)),
    });
    return JSON.stringify(body);
  };
  // Built and signed up front, so the generator spends nothing on them.
  const warmup = Number(values.warmup);
  const prepared = Array.from({ length: Math.ceil(rate * (duration + warmup)) }, (_, i) => {
    const raw = webhookBody(i + 1);
    return {
      body: raw,
      headers: {
        'content-type': 'application/json',
        'x-hub-signature-256': `sha256=${createHmac('sha256', APP_SECRET).update(raw).digest('hex')}`,
        ...gatewayHeaders('POST', path, undefined, SECRET),
      },
    };
  });
  let next = 0;

  const load = () =>
    loadavg()
      .map((l) => l.toFixed(1))
      .join(' ');
  const verdict = (ok: boolean) => (ok ? 'meets the goal' : 'BELOW the goal');
  const ratio = (ours: number, bare: number | undefined) =>
    bare ? `${((ours / bare) * 100).toFixed(1)} %` : 'n/a';
  console.log(
    `machine: ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB; node ${process.version}; load average ${load()}`,
  );
  console.log(
    `load: ${rate} webhooks/s for ${duration} s over ${values.connections} connections, ${customers} customers; workers ${withWorkers ? 'on' : 'off'}`,
  );

  // 1. Load, open loop: webhook k of a run is due at start + k / rate whatever the answers do, and
  // its latency counts from that due time, so any queueing (in this client's connection pool too)
  // shows. First a warm-up at the same rate (its webhooks are processed and checked like the
  // others, its latencies are not), then the timed run.
  const http = new Pool(ready.url, { connections: Number(values.connections), pipelining: 1 });
  const run = async (seconds: number) => {
    const total = Math.round(rate * seconds);
    const latencies: number[] = [];
    const counts = { ok: 0, non2xx: 0, errors: 0 };
    const requests: Promise<void>[] = [];
    const start = performance.now();
    let sent = 0;
    while (sent < total) {
      const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate) + 1);
      for (; sent < due; sent++) {
        const dueAt = start + (sent / rate) * 1000;
        const webhook = prepared[next++]!;
        requests.push(
          http
            .request({ method: 'POST', path, headers: webhook.headers, body: webhook.body })
            .then(async (res) => {
              await res.body.dump();
              if (res.statusCode >= 200 && res.statusCode < 300) {
                counts.ok++;
                latencies.push(performance.now() - dueAt);
              } else counts.non2xx++;
            })
            .catch(() => {
              counts.errors++;
            }),
        );
      }
      // Timers have no sub-millisecond resolution: a 2 ms tick sends rate/500 at a time.
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    await Promise.all(requests);
    const elapsed = (performance.now() - start) / 1000;
    latencies.sort((a, b) => a - b);
    const at = (q: number) =>
      latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
    const latency = { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: latencies.at(-1) ?? 0 };
    return { ...counts, latency, perSecond: counts.ok / Math.max(elapsed, seconds) };
  };
  const startedAt = Date.now();
  const warm = warmup > 0 ? await run(warmup) : undefined;
  const result = await run(duration);
  const loadEndedAt = Date.now();
  await http.close();
  const accepted = result.ok + (warm?.ok ?? 0);
  const acceptedPerSecond = result.perSecond;
  const ms = (x: number) => `${x.toFixed(1)} ms`;
  console.log('\n1. webhook receiver (gateway signature, channel, HMAC, durable store + outbox, 200)');
  console.log(
    `  ack latency      p50 ${ms(result.latency.p50)}  p90 ${ms(result.latency.p90)}  p99 ${ms(result.latency.p99)}  max ${ms(result.latency.max)}  (goal p99 ≤ ${GOALS.ackP99Ms} ms: ${verdict(result.latency.p99 <= GOALS.ackP99Ms)})`,
  );
  console.log(
    `  accepted         ${acceptedPerSecond.toFixed(1)} webhooks/s (${result.ok} × 2xx, ${result.non2xx} non-2xx, ${result.errors} errors, after ${warm?.ok ?? 0} in a ${warmup} s warm-up; goal ${GOALS.acceptedPerSecond}/s: ${verdict(acceptedPerSecond >= GOALS.acceptedPerSecond * 0.99)})`,
  );

  // 2. Drain.
  let endToEndPerSecond = 0;
  const received = async () =>
    (await one<{ n: number }>(`select count(*)::int as n from inbound_events where status = 'received'`)).n;
  if (withWorkers) {
    const deadline = Date.now() + 120_000;
    while ((await received()) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    const drainedAt = Date.now();
    const stats = await one<{ stored: number; failed: number; messages: number; distinct: number }>(
      `select (select count(*)::int from inbound_events) as stored,
              (select count(*)::int from inbound_events where status = 'failed') as failed,
              count(*)::int as messages, count(distinct provider_message_id)::int as distinct
       from messages where channel_id = $1`,
      [ready.channelId],
    );
    const pending = await received();
    // Acknowledged but not stored, or stored but never turned into a message.
    const lost = Math.max(0, accepted - stats.stored) + Math.max(0, stats.stored - stats.messages);
    endToEndPerSecond = stats.messages / ((drainedAt - startedAt) / 1000);
    console.log('\n2. inbound worker (contact → conversation → message, one transaction per webhook)');
    console.log(
      `  stored webhooks  ${stats.stored} (≥ ${accepted} acknowledged); messages ${stats.messages}; lost ${lost}; duplicated ${stats.messages - stats.distinct}; failed ${stats.failed}; unprocessed ${pending}`,
    );
    console.log(
      `  end to end       ${endToEndPerSecond.toFixed(1)} messages/s from the first request until drained; backlog drained ${((drainedAt - loadEndedAt) / 1000).toFixed(1)} s after the load (goal ≥ ${GOALS.endToEndPerSecond}/s: ${verdict(endToEndPerSecond >= GOALS.endToEndPerSecond)})`,
    );
  }
  type Served = { p50: number; p90: number; p99: number; max: number };
  const { cpuMs, servedMs } = await new Promise<{ cpuMs: number; servedMs: Served }>((resolve) => {
    child.once('message', (m) => resolve(m as { cpuMs: number; servedMs: Served }));
    child.send('stop');
  });
  await new Promise((resolve) => child.once('exit', resolve));
  const handled = (await one<{ n: number }>('select count(*)::int as n from inbound_events')).n;
  console.log(
    `\nserver-side time of each webhook (arrival to response sent, warm-up included): p50 ${ms(servedMs.p50)}  p90 ${ms(servedMs.p90)}  p99 ${ms(servedMs.p99)}  max ${ms(servedMs.max)}`,
  );
  console.log(
    `server process CPU (user + system, from start of load to drained): ${(cpuMs / 1000).toFixed(1)} s = ${(cpuMs / Math.max(1, handled)).toFixed(2)} ms per webhook (${Math.round(1000 / Math.max(0.001, cpuMs / Math.max(1, handled)))} webhooks/s per core at most)`,
  );

  // 3. pgbench: the same transactions with nothing around them (the server has stopped).
  const scripts = {
    receiver: receiverScript(ready, webhookBody(0)),
    inbound: withWorkers ? await inboundScript(pool, ready) : undefined,
  };
  await pool.end();
  const pgbench = async (name: string, script: string) =>
    runPgbench(fresh.url!, name, script, pgbenchClients, pgbenchSeconds);
  const receiverTps = await pgbench('receiver', scripts.receiver);
  const inboundTps = scripts.inbound ? await pgbench('inbound', scripts.inbound) : undefined;
  const fmt = (tps: number | undefined) => (tps === undefined ? 'n/a' : tps.toFixed(1));
  console.log(`\n3. pgbench (${pgbenchClients} clients × ${pgbenchSeconds} s on the same database)`);
  console.log(
    `  receiver tx      ${fmt(receiverTps)} tps; ours ${acceptedPerSecond.toFixed(1)}/s = ${ratio(acceptedPerSecond, receiverTps)} of it`,
  );
  if (scripts.inbound) {
    console.log(
      `  inbound tx       ${fmt(inboundTps)} tps; ours ${endToEndPerSecond.toFixed(1)}/s end to end = ${ratio(endToEndPerSecond, inboundTps)} of it`,
    );
  }
  console.log(`\nload average at the end: ${load()}`);
  await deleteBusTopology(rabbitUrl, names, [
    `${names.exchange}.inbound`,
    `${names.exchange}.dispatch`,
  ]).catch(() => {});
  await accountApi.close();
  await fresh.cleanup();
  process.exit(0);
}

function literal(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** What the receiver commits per webhook. */
function receiverScript({ accountId, channelId }: Ready, body: string): string {
  const payload = literal(
    JSON.stringify({
      event_id: randomUUID(),
      event_type: 'webhook.inbound.whatsapp',
      version: 1,
      occurred_at: new Date().toISOString(),
      account_id: accountId,
      aggregate_type: 'inbound_event',
      aggregate_id: randomUUID(),
      data: { inbound_event_id: randomUUID(), channel_id: channelId, channel_type: 'whatsapp' },
    }),
  );
  return `BEGIN;
INSERT INTO inbound_events (id, account_id, channel_id, channel_type, provider_event_id, content_type, headers, raw_body, body_encoding, created_at, updated_at)
  VALUES (gen_random_uuid(), '${accountId}', '${channelId}', 'whatsapp', 'pgbench:' || gen_random_uuid(), 'application/json', '{"content-type":"application/json"}', ${literal(body)}, 'utf8', now(), now())
  ON CONFLICT (channel_id, provider_event_id) DO NOTHING;
INSERT INTO outbox_events (id, event_type, routing_key, version, account_id, aggregate_type, aggregate_id, payload)
  VALUES (gen_random_uuid(), 'webhook.inbound.whatsapp', 'pgbench.inbound', 1, '${accountId}', 'inbound_event', gen_random_uuid()::text, ${payload}::jsonb);
SELECT pg_notify('outbox_events', '');
END;
`;
}

/** What the inbound worker does in the database per one-message webhook (see the header). */
async function inboundScript(pool: pg.Pool, { accountId, channelId }: Ready): Promise<string> {
  // The conversations and webhooks the load created, numbered for pgbench's random picks.
  await pool.query(`create table pgbench_customers as
    select row_number() over () as n, contact_identifier as identifier
    from (select distinct contact_identifier from conversations where channel_id = '${channelId}') c`);
  await pool.query(`create table pgbench_events as
    select row_number() over () as n, id from inbound_events where channel_id = '${channelId}'`);
  const size = async (table: string) =>
    Math.max(1, (await pool.query(`select count(*)::int as n from ${table}`)).rows[0].n as number);
  const [customers, events] = [await size('pgbench_customers'), await size('pgbench_events')];
  const { rows } = await pool.query('select * from messages where channel_id = $1 limit 1', [channelId]);
  const payload = literal(
    JSON.stringify({ event_type: 'conversation.message.created', data: { message: rows[0] } }),
  );
  const slot = `channel_id = '${channelId}' AND contact_identifier = (SELECT identifier FROM pgbench_customers WHERE n = :c) AND status NOT IN ('resolved', 'closed')`;
  return `\\set c random(1, ${customers})
\\set e random(1, ${events})
SELECT contact_id FROM contact_identifiers WHERE account_id = '${accountId}' AND channel_type = 'whatsapp' AND identifier = (SELECT identifier FROM pgbench_customers WHERE n = :c);
BEGIN;
INSERT INTO processed_events (event_id, consumer) VALUES (gen_random_uuid()::text, 'pgbench');
SELECT id FROM conversations WHERE ${slot} FOR UPDATE;
INSERT INTO messages (id, account_id, conversation_id, channel_id, direction, sender_type, content, status, provider_message_id, attachments, metadata, delivered_at, created_at, updated_at)
  SELECT gen_random_uuid(), account_id, id, channel_id, 'inbound', 'contact', 'pgbench message', 'delivered', 'pgbench.' || gen_random_uuid(), '[]', '{"raw_type":"text"}', now(), now(), now()
  FROM conversations WHERE ${slot};
UPDATE conversations SET last_message_at = now(), last_inbound_at = now(), last_message_preview = 'pgbench message', updated_at = now() WHERE ${slot};
INSERT INTO outbox_events (id, event_type, routing_key, version, account_id, aggregate_type, aggregate_id, payload)
  VALUES (gen_random_uuid(), 'conversation.message.created', 'pgbench.message', 1, '${accountId}', 'conversation', gen_random_uuid()::text, ${payload}::jsonb);
UPDATE inbound_events SET status = 'processed', processed_at = now(), updated_at = now() WHERE id = (SELECT id FROM pgbench_events WHERE n = :e);
SELECT pg_notify('outbox_events', '');
END;
`;
}

async function runPgbench(
  url: string,
  name: string,
  script: string,
  clients: number,
  seconds: number,
): Promise<number | undefined> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-inbound-'));
  const file = join(dir, `${name}.sql`);
  await writeFile(file, script);
  try {
    const { stdout } = await promisify(execFile)(
      process.env.PGBENCH || 'pgbench',
      ['-n', '-f', file, '-c', String(clients), '-j', '2', '-T', String(seconds), url],
      { maxBuffer: 16 * 1024 * 1024 },
    );
    const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(stdout);
    return tps ? Number(tps[1]) : undefined;
  } catch (err) {
    console.log(`  pgbench ${name} failed: ${(err as Error).message.split('\n').slice(0, 3).join(' ')}`);
    return undefined;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
