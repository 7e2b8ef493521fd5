/**
 * End-to-end load benchmark (issue 9, Load), everything on 127.0.0.1:
 *   npm run bench:e2e -- [--rate 500] [--duration 60] [--customers 5000] [--agents 10]
 *   npm run bench:e2e -- --find-max [--stages 250,500,750,1000,1500,2000] [--stage-seconds 30]
 *   npm run bench:e2e -- --soak 1800 --rate 500
 * Real PostgreSQL (TEST_DATABASE_URL server, default postgres://postgres@127.0.0.1:5432/postgres:
 * fresh databases), RabbitMQ (RABBITMQ_URL, a vhost of its own) and Redis (REDIS_URL, an empty
 * logical database + key prefix). Each service is its own process, started like its `npm start`
 * (the Messaging API runs its workers and outbox relay in its own process, as in production).
 * Seeds through the gateway's public API (register, agents, 10 Telegram + 10 WhatsApp channels),
 * connects agent sockets through the gateway's /ws, warms up (one message per customer: every
 * conversation exists and is joined by one agent), then posts signed webhooks through the
 * gateway at a fixed open-loop rate. Measures webhook ack latency, webhook → agent socket
 * `conversation:message` latency, backlog (queue depths + unpublished outbox rows) every second,
 * CPU and RSS per process, and checks counts (each acked webhook = exactly one message row, each
 * message seen once at the sockets). Then the bare database limit with pgbench on a copy of the
 * messaging database. Prints markdown, writes JSON to bench/results/. Cleans up on any exit.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { type AgentPool, connectAgentPool, waitJoined } from './e2e/agents';
import { createCleanup, freshDatabase, freshRedisDb, freshVhost, listQueues, localOnly } from './e2e/infra';
import { createGenerator, type StageResult } from './e2e/load';
import { type PgbenchResult, prepareCopy, runPgbench } from './e2e/pgbench';
import { Recorder, sleep, wallClock } from './e2e/record';
import { type StageReport, serviceUsage, stageReport, stagesTable, usageTable } from './e2e/report';
import { type Sampler, startSampler } from './e2e/samplers';
import { seed } from './e2e/seed';
import { freePort, type RunningService, type ServiceName, startService, stopChild } from './e2e/services';
import { seqOf } from './e2e/webhooks';

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '500' },
    duration: { type: 'string', default: '60' },
    customers: { type: 'string', default: '5000' },
    agents: { type: 'string', default: '10' },
    role: { type: 'string', default: 'admin' },
    telegram: { type: 'string', default: '10' },
    whatsapp: { type: 'string', default: '10' },
    connections: { type: 'string', default: '64' },
    'warmup-rate': { type: 'string' },
    'find-max': { type: 'boolean', default: false },
    stages: { type: 'string', default: '250,500,750,1000,1500,2000,3000' },
    'stage-seconds': { type: 'string', default: '30' },
    soak: { type: 'string' },
    drain: { type: 'string', default: '60' },
    'pgbench-seconds': { type: 'string', default: '20' },
    'pgbench-clients': { type: 'string', default: '10' },
    'no-pgbench': { type: 'boolean', default: false },
    'log-level': { type: 'string', default: 'warn' },
  },
});
const num = (name: keyof typeof values) => Number(values[name]);
const customers = num('customers');
const agentCount = Math.max(1, num('agents'));
const soakSeconds = values.soak ? Number(values.soak) : 0;
const rate = num('rate');
const plan: Array<{ rate: number; seconds: number }> = values['find-max']
  ? values.stages.split(',').map((r) => ({ rate: Number(r), seconds: num('stage-seconds') }))
  : [{ rate, seconds: soakSeconds || num('duration') }];
const mode = values['find-max'] ? 'find-max' : soakSeconds ? 'soak' : 'fixed';
const warmupRate = Number(values['warmup-rate'] ?? Math.min(plan[0]!.rate, 500));
const drainSeconds = num('drain');

const serverUrl = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const rabbitBase = process.env.RABBITMQ_URL || 'amqp://guest:guest@127.0.0.1:5672';
const redisBase = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
for (const url of [serverUrl, rabbitBase, redisBase]) localOnly(url);
process.env.TEST_DATABASE_URL = serverUrl;

const cleanup = createCleanup();
let exiting = false;
const fail = async (reason: unknown) => {
  if (exiting) return;
  exiting = true;
  console.error(`\ne2e bench stopped: ${reason instanceof Error ? reason.stack : String(reason)}`);
  await cleanup.runAll();
  process.exit(1);
};
process.once('SIGINT', () => fail('SIGINT'));
process.once('SIGTERM', () => fail('SIGTERM'));
process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);

const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
const machine = `${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version}`;

async function main() {
  const startedAt = new Date();
  log(`e2e bench (${mode}): ${machine}; load average ${load()}`);
  log(
    `plan: ${plan.map((p) => `${p.rate}/s × ${p.seconds} s`).join(', ')}; ${customers} customers on ${values.telegram} Telegram + ${values.whatsapp} WhatsApp channels; ${agentCount} agent sockets; warm-up ${warmupRate}/s`,
  );
  const logDir = mkdtempSync(join(tmpdir(), 'turumba-e2e-'));

  // ---- isolated servers ----
  const accountDb = await freshDatabase('e2e_account', cleanup);
  const messagingDb = await freshDatabase('e2e_messaging', cleanup);
  const rabbit = await freshVhost(rabbitBase, cleanup);
  const redis = await freshRedisDb(redisBase, cleanup);
  log(
    `databases ${new URL(accountDb).pathname.slice(1)}, ${new URL(messagingDb).pathname.slice(1)}; vhost ${rabbit.vhost}; ${redis.url}`,
  );

  // Provider APIs (Telegram setWebhook on channel creation, any send): answered locally.
  const providers = createServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok: true, result: true, messages: [{ id: `wamid.out-${Date.now()}` }] }));
  });
  await new Promise<void>((resolve) => providers.listen(0, '127.0.0.1', resolve));
  cleanup.add('provider fake', () => new Promise((resolve) => providers.close(resolve)));
  const providerUrl = `http://127.0.0.1:${(providers.address() as { port: number }).port}`;

  // ---- services, each its own process ----
  const ports = {
    account: await freePort(),
    messaging: await freePort(),
    realtime: await freePort(),
    gateway: await freePort(),
  };
  const secrets = {
    GATEWAY_SHARED_SECRET: randomBytes(24).toString('base64url'),
    SERVICE_TOKEN: randomBytes(24).toString('base64url'),
  };
  const urls = {
    ACCOUNT_API_URL: `http://127.0.0.1:${ports.account}`,
    MESSAGING_API_URL: `http://127.0.0.1:${ports.messaging}`,
    REALTIME_URL: `http://127.0.0.1:${ports.realtime}`,
  };
  const common = { LOG_LEVEL: values['log-level'], NODE_ENV: 'production', ...secrets, ...urls };
  const maxRooms = Math.ceil(customers / agentCount) + 100;
  const services: Partial<Record<ServiceName, RunningService>> = {};
  const start = async (name: ServiceName, port: number, env: Record<string, string>) => {
    services[name] = await startService(name, port, { ...common, ...env }, logDir, cleanup);
    log(`${name} ready at ${services[name].url} (pid ${services[name].pid})`);
  };
  // Started together: none needs another at start-up (only when serving), and the ports are known.
  const account = start('account-api', ports.account, {
    ACCOUNT_API_PORT: String(ports.account),
    ACCOUNT_DATABASE_URL: accountDb,
    RABBITMQ_URL: rabbit.url,
    REDIS_URL: redis.url,
    SEED_DEMO: 'false',
    // Agent sockets are closed when their JWT expires; the run may last longer than 15 min.
    ACCESS_TOKEN_TTL_SECONDS: '86400',
  });
  const messaging = start('messaging-api', ports.messaging, {
    MESSAGING_API_PORT: String(ports.messaging),
    MESSAGING_DATABASE_URL: messagingDb,
    RABBITMQ_URL: rabbit.url,
    REDIS_URL: redis.url,
    CREDENTIALS_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    PUBLIC_URL: `http://127.0.0.1:${ports.gateway}`,
    TELEGRAM_API_BASE: providerUrl,
    WHATSAPP_API_BASE: providerUrl,
    MESSENGER_API_BASE: providerUrl,
    TWILIO_API_BASE: providerUrl,
  });
  const realtime = start('realtime', ports.realtime, {
    REALTIME_PORT: String(ports.realtime),
    RABBITMQ_URL: rabbit.url,
    REDIS_URL: redis.url,
    REDIS_KEY_PREFIX: redis.prefix,
    // One watching agent per conversation: each agent joins customers/agents conversation rooms.
    MAX_ROOMS_PER_SOCKET: String(maxRooms),
  });
  const gatewayStarted = start('gateway', ports.gateway, { GATEWAY_PORT: String(ports.gateway) });
  await Promise.all([account, messaging, realtime, gatewayStarted]);
  const gateway = services.gateway!.url;

  // ---- seed through the public API ----
  const seeded = await seed(gateway, {
    agents: agentCount,
    role: values.role,
    telegram: num('telegram'),
    whatsapp: num('whatsapp'),
  });
  log(
    `seeded account ${seeded.accountId}: ${seeded.agents.length} agents, ${seeded.channels.length} channels`,
  );

  const capacity = customers + plan.reduce((sum, p) => sum + Math.ceil(p.rate * p.seconds * 1.02) + 10, 0);
  const recorder = new Recorder(capacity);
  const agents: AgentPool = await connectAgentPool(
    gateway,
    seeded.agents.map((a) => a.token),
    recorder,
  );
  cleanup.add('agent sockets', () => agents.close());
  log(`${agentCount} agent sockets connected through ${gateway}/ws`);

  const queues = await listQueues(rabbit.vhost);
  const processes: Record<string, number> = { bench: process.pid };
  for (const s of Object.values(services)) processes[s!.name] = s!.pid;
  let lastPrint = 0;
  const soakLines: string[] = [];
  const sampler: Sampler = await startSampler({
    processes,
    rabbitUrl: rabbit.url,
    queues,
    messagingDb,
    accountDb,
    onSample: (sample) => {
      if (sample.t - lastPrint < (soakSeconds ? 60 : 10)) return;
      lastPrint = sample.t;
      const rss = Object.entries(sample.rss)
        .map(([n, v]) => `${n} ${v.toFixed(0)}`)
        .join(', ');
      const cpu = Object.entries(sample.cpu)
        .map(([n, v]) => `${n} ${v.toFixed(0)}% (waiting ${(sample.cpuWait[n] ?? 0).toFixed(0)}%)`)
        .join(', ');
      const phase = sample.stage ? `stage ${sample.stage}` : 'warm-up/drain';
      const line = `t=${sample.t.toFixed(0)} s ${phase}: backlog ${sample.backlog} (queues ${JSON.stringify(Object.fromEntries(Object.entries(sample.queues).filter(([, n]) => n > 0)))}, outbox ${sample.outbox.messaging}+${sample.outbox.account}); RSS MiB ${rss}; CPU ${cpu}; machine ${sample.machineCpu.toFixed(0)}%; messaging db connections ${JSON.stringify(sample.pgActivity)}`;
      if (soakSeconds) soakLines.push(line);
      log(line);
    },
  });
  cleanup.add('sampler', () => sampler.stop());
  log(`queues in ${rabbit.vhost}: ${queues.join(', ')}`);

  const generator = createGenerator(gateway, seeded.channels, recorder, { connections: num('connections') });
  // The bench's own event-loop delay: socket arrival times are late by up to this much.
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  cleanup.add('generator', () => generator.close());

  /** Waits until the queues and outboxes are empty and every acked message of `stage` reached a socket. */
  const drain = async (stage: number | undefined, maxSeconds: number) => {
    const began = wallClock();
    await generator.settle(maxSeconds * 1000);
    const seqs = stage === undefined ? [] : recorder.seqsOf(stage);
    while ((wallClock() - began) / 1000 < maxSeconds) {
      const backlog = sampler.samples.at(-1)?.backlog ?? 0;
      const missing = seqs.some((seq) => recorder.status[seq]! < 300 && recorder.seen[seq] === 0);
      if (backlog === 0 && !missing) break;
      await sleep(250);
    }
    return (wallClock() - began) / 1000;
  };

  // ---- warm-up: one message per customer, so every conversation exists and is watched ----
  log(`warm-up: ${customers} first messages at ${warmupRate}/s`);
  const warm = await generator.runStage(0, warmupRate, customers / warmupRate, (k) => k);
  const joinTimeout = (customers / (agentCount * 15) + 60) * 1000;
  const joined = await waitJoined(agents, customers, joinTimeout);
  const warmDrain = await drain(undefined, drainSeconds);
  log(
    `warm-up done: ${warm.sent} sent, ${joined}/${customers} conversations joined, drained in ${warmDrain.toFixed(1)} s; errors ${JSON.stringify(generator.errorsOf(0))}; join failures ${JSON.stringify(Object.fromEntries(agents.stats.joinFailures))}`,
  );

  // ---- timed stages ----
  const stages: StageReport[] = [];
  loopDelay.enable();
  let cursor = 0;
  for (const [i, step] of plan.entries()) {
    const stage = i + 1;
    sampler.stage = stage;
    log(`stage ${stage}: ${step.rate} webhooks/s for ${step.seconds} s`);
    const result: StageResult = await generator.runStage(
      stage,
      step.rate,
      step.seconds,
      (k) => (cursor + k) % customers,
    );
    cursor += result.sent;
    sampler.stage = 0;
    const drained = await drain(stage, drainSeconds);
    result.errors = generator.errorsOf(stage);
    const report = stageReport(result, recorder, sampler.samples, drained);
    stages.push(report);
    if (Object.keys(result.errors).length) log(`stage ${stage} errors: ${JSON.stringify(result.errors)}`);
    log(
      `stage ${stage} done: achieved ${report.achievedRate.toFixed(0)}/s, ack p50 ${report.ack.p50.toFixed(1)} p99 ${report.ack.p99.toFixed(1)} ms, socket p50 ${report.socket.p50.toFixed(1)} p99 ${report.socket.p99.toFixed(1)} ms, backlog end ${report.backlogEnd} slope ${report.backlogSlope.toFixed(1)}/s, ${report.sustained ? 'sustained' : `NOT sustained: ${report.why.join('; ')}`}`,
    );
    if (mode === 'find-max' && !report.sustained) break;
  }

  // ---- counts: database and sockets ----
  const dbCheck = await (async () => {
    const client = new pg.Client({ connectionString: messagingDb });
    await client.connect();
    try {
      const deadline = Date.now() + drainSeconds * 1000;
      let received = 0;
      do {
        const { rows } = await client.query<{ n: string }>(
          "select count(*) as n from inbound_events where status = 'received'",
        );
        received = Number(rows[0]!.n);
        if (received > 0) await sleep(500);
      } while (received > 0 && Date.now() < deadline);
      const statuses = await client.query<{ status: string; n: string }>(
        'select status, count(*) as n from inbound_events group by status',
      );
      const rows = await client.query<{ content: string }>(
        "select content from messages where account_id = $1 and direction = 'inbound'",
        [seeded.accountId],
      );
      const events = await client.query<{ provider_event_id: string; status: string }>(
        'select provider_event_id, status from inbound_events where account_id = $1',
        [seeded.accountId],
      );
      const eventStatus = new Map<number, string>();
      for (const row of events.rows) {
        eventStatus.set(Number(row.provider_event_id.replace('wamid.e2e-', '')), row.status);
      }
      const counts = new Uint8Array(recorder.next);
      let foreign = 0;
      for (const { content } of rows.rows) {
        const seq = seqOf(content);
        if (seq === undefined || seq >= recorder.next) foreign++;
        else if (counts[seq]! < 255) counts[seq]!++;
      }
      let acked = 0;
      let lost = 0;
      /** Acked, no message row yet, its inbound event still waiting for the worker. */
      let unprocessed = 0;
      let duplicated = 0;
      let storedUnacked = 0;
      for (let seq = 0; seq < recorder.next; seq++) {
        const ok = recorder.status[seq]! >= 200 && recorder.status[seq]! < 300;
        if (ok) acked++;
        if (ok && counts[seq] === 0) {
          if (eventStatus.get(seq) === 'received') unprocessed++;
          else lost++;
        }
        if (counts[seq]! > 1) duplicated++;
        if (!ok && counts[seq]! > 0) storedUnacked++;
      }
      return {
        sent: recorder.next,
        acked,
        messageRows: rows.rowCount ?? 0,
        lost,
        unprocessed,
        duplicated,
        storedUnacked,
        foreign,
        inboundEvents: Object.fromEntries(statuses.rows.map((r) => [r.status, Number(r.n)])),
      };
    } finally {
      await client.end();
    }
  })();
  let socketLost = 0;
  let socketDup = 0;
  let socketTimed = 0;
  for (let seq = 0; seq < recorder.next; seq++) {
    if (recorder.stage[seq] === 0) continue;
    const ok = recorder.status[seq]! >= 200 && recorder.status[seq]! < 300;
    if (!ok) continue;
    socketTimed++;
    if (recorder.seen[seq] === 0) socketLost++;
    if (recorder.seen[seq]! > 1) socketDup++;
  }
  const socketCheck = {
    timedAcked: socketTimed,
    lost: socketLost,
    duplicated: socketDup,
    foreignMarkers: agents.stats.foreignMarkers,
    disconnects: agents.stats.disconnects,
    reconnects: agents.stats.reconnects,
    accountRoomEvents: agents.stats.accountEvents,
  };

  // ---- stop the stack (the copy for pgbench needs the messaging database idle) ----
  loopDelay.disable();
  const benchLoop = {
    p99Ms: loopDelay.percentile(99) / 1e6,
    maxMs: loopDelay.max / 1e6,
  };
  const usage = serviceUsage(
    sampler.samples.filter((s) => s.stage > 0),
    soakSeconds ? 120 : 0,
  );
  agents.close();
  await generator.close();
  await sampler.stop();
  for (const name of ['gateway', 'realtime', 'messaging-api', 'account-api'] as const) {
    await stopChild(services[name]!.child);
  }
  log(`services stopped; load average ${load()}`);

  // ---- bare database limit ----
  const pgbench: PgbenchResult[] = [];
  if (!values['no-pgbench']) {
    const copy = await prepareCopy(serverUrl, messagingDb, cleanup);
    for (const script of ['worker', 'per-message'] as const) {
      log(`pgbench ${script}: ${values['pgbench-clients']} clients, ${values['pgbench-seconds']} s`);
      pgbench.push(
        await runPgbench(copy, script, {
          clients: num('pgbench-clients'),
          seconds: num('pgbench-seconds'),
        }),
      );
    }
  }

  // ---- report ----
  const sustained = stages.filter((s) => s.sustained);
  const best = sustained.length ? Math.max(...sustained.map((s) => s.rate)) : 0;
  // Our throughput: the highest sustained rate (find-max), else what went through end to end.
  const measured = mode === 'find-max' ? best : (stages[0]?.deliveredRate ?? 0);
  const measuredLabel =
    mode === 'find-max' ? `highest sustained ${best}/s` : `delivered ${measured.toFixed(0)}/s`;
  const lines: string[] = [];
  lines.push(`## End-to-end bench, ${mode}, ${startedAt.toISOString()}`);
  lines.push('');
  lines.push(
    `${machine}; load average at the end ${load()}. ${customers} customers, ${seeded.channels.length} channels, ${agentCount} agent sockets (${values.role}) via the gateway's /ws.`,
  );
  lines.push('');
  lines.push(
    `Warm-up: ${warm.sent} first messages at ${warmupRate}/s, ${joined}/${customers} conversations joined by their agent, errors ${JSON.stringify(generator.errorsOf(0))}.`,
  );
  lines.push('');
  lines.push(stagesTable(stages));
  for (const s of stages) {
    if (Object.keys(s.errors).length) lines.push(`Stage ${s.stage} errors: ${JSON.stringify(s.errors)}`);
  }
  lines.push('');
  lines.push(usageTable(usage, soakSeconds > 0));
  lines.push('');
  lines.push(
    `Database: ${dbCheck.sent} webhooks sent (warm-up included), ${dbCheck.acked} acked 2xx, ${dbCheck.messageRows} message rows; lost ${dbCheck.lost}, not processed yet when checked ${dbCheck.unprocessed}, duplicated ${dbCheck.duplicated}, stored but not acked ${dbCheck.storedUnacked}; inbound_events ${JSON.stringify(dbCheck.inboundEvents)}.`,
  );
  lines.push(
    `Sockets (timed stages): ${socketCheck.timedAcked} acked messages; never seen ${socketCheck.lost}, seen twice ${socketCheck.duplicated}; disconnects ${socketCheck.disconnects}, reconnects ${socketCheck.reconnects}.`,
  );
  lines.push(
    `Bench process event-loop delay during the stages: p99 ${benchLoop.p99Ms.toFixed(1)} ms, max ${benchLoop.maxMs.toFixed(1)} ms (socket arrival times are late by up to this).`,
  );
  if (mode === 'find-max') lines.push(`Highest sustained rate: **${best}/s**.`);
  for (const p of pgbench) {
    lines.push(
      `pgbench ${p.script}: **${p.tps.toFixed(0)} tps** (${p.clients} clients, ${p.seconds} s, latency avg ${p.latencyMs} ms, ${p.failed} failed)${measured ? `; end to end (${measuredLabel}) = ${((measured / p.tps) * 100).toFixed(0)} % of it` : ''}.`,
    );
  }
  if (soakSeconds) {
    lines.push('');
    lines.push('Soak, every minute:');
    lines.push(...soakLines.map((l) => `    ${l}`));
  }
  const markdown = lines.join('\n');
  console.log(`\n${markdown}\n`);

  const resultsDir = new URL('./results/', import.meta.url);
  mkdirSync(resultsDir, { recursive: true });
  const file = new URL(`e2e-${mode}-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`, resultsDir);
  writeFileSync(
    file,
    JSON.stringify(
      {
        date: startedAt.toISOString(),
        machine,
        mode,
        options: values,
        plan,
        warmup: warm,
        stages,
        usage,
        database: dbCheck,
        sockets: socketCheck,
        benchEventLoop: benchLoop,
        pgbench,
        highestSustained: mode === 'find-max' ? best : undefined,
        samples: sampler.samples,
        logs: logDir,
      },
      null,
      1,
    ),
  );
  log(`wrote ${file.pathname}; service logs in ${logDir}`);
}

try {
  await main();
  exiting = true;
  await cleanup.runAll();
  process.exit(0);
} catch (err) {
  await fail(err);
}
