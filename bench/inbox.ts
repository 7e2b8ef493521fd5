/**
 * Agent inbox benchmark (127.0.0.1 only, bounded, prints numbers next to the goals of issue #5).
 *   npm run bench:inbox -- [--conversations 100000] [--accounts 100] [--requests 200] [--rate 200|0]
 *     [--writes 400] [--writers 8] [--only <regex>] [--keep] [--reuse <database url>]
 * On PostgreSQL (TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres; a fresh
 * database is created and dropped): `conversations` conversations over `accounts` accounts, the
 * largest with half of them (three messages each, 20 agents in 5 teams, every status), seeded with
 * generate_series. Then, per case, `requests` requests through the real Messaging API (listening on
 * 127.0.0.1, gateway-signed, sent over keep-alive HTTP by a worker thread so that this process only
 * serves) fired open-loop at `rate` per second (latency counted from the scheduled start, so
 * queueing shows), after a warm-up pass over every case, the SQL statements one request runs, and EXPLAIN (ANALYZE, BUFFERS) of every
 * statement into bench/results/. Last, `writers` concurrent API writers make `writes` changes and
 * the counters are checked against COUNT(*). `--keep` leaves the seeded database in place (its URL
 * is printed) and `--reuse` measures one kept earlier (migrated to the current schema, not
 * re-seeded), so index work can be tried without seeding 1M rows again; `--only` runs the cases
 * whose label matches.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { createDatabase, type Database, SERVICE_SESSION_OPTIONS } from '@turumba/platform/db';
import { createSilentLogger } from '@turumba/platform/logger';
import {
  createTestDatabase,
  gatewayHeaders,
  type TestIdentity,
  testGatewaySecret,
  testServiceToken,
} from '@turumba/platform/testing';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { buildApp } from '../services/messaging-api/src/app';
import { loadConfig } from '../services/messaging-api/src/config';
import {
  countsStatement,
  createExactInboxCounter,
  exactCountsStatement,
  findCounterDrift,
} from '../services/messaging-api/src/conversations/counts';
import { inboxStatements } from '../services/messaging-api/src/conversations/list-inbox';
import { InboxQuery } from '../services/messaging-api/src/conversations/schema';
import type { Viewer } from '../services/messaging-api/src/conversations/viewer';
import { createDeps } from '../services/messaging-api/src/deps';
import { createFakeDirectory } from '../services/messaging-api/src/test-support';

const { values } = parseArgs({
  options: {
    conversations: { type: 'string', default: '100000' },
    accounts: { type: 'string', default: '100' },
    requests: { type: 'string', default: '200' },
    rate: { type: 'string', default: '200' },
    writes: { type: 'string', default: '400' },
    writers: { type: 'string', default: '8' },
    only: { type: 'string' },
    keep: { type: 'boolean', default: false },
    reuse: { type: 'string' },
  },
});
const clamp = (value: string | undefined, min: number, max: number) =>
  Math.min(max, Math.max(min, Number(value)));
const total = clamp(values.conversations, 1_000, 1_000_000);
const accountCount = clamp(values.accounts, 2, 1_000);
const requests = clamp(values.requests, 10, 5_000);
const rate = clamp(values.rate, 0, 2_000);
const writes = clamp(values.writes, 0, 10_000);
const writers = clamp(values.writers, 1, 32);
process.env.TEST_DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';
const host = new URL(process.env.TEST_DATABASE_URL).hostname;
if (!['127.0.0.1', 'localhost', '::1'].includes(host)) throw new Error('bench runs against 127.0.0.1 only');

const migrations = new URL('../services/messaging-api/drizzle', import.meta.url).pathname;
let accounts: string[] = Array.from({ length: accountCount }, () => randomUUID());
let channels: string[] = accounts.map(() => randomUUID());
let agents: string[] = Array.from({ length: 20 }, () => randomUUID());
let teams: string[] = Array.from({ length: 5 }, () => randomUUID());
const uuidArray = (ids: string[]) => sql.raw(`ARRAY[${ids.map((id) => `'${id}'::uuid`).join(',')}]`);
// 20 slots: 3 open, 1 bot, 4 assigned, 2 pending, 6 resolved, 4 closed.
const statusSlots = sql.raw(
  `ARRAY['open','open','open','bot','assigned','assigned','assigned','assigned','pending','pending',` +
    `'resolved','resolved','resolved','resolved','resolved','resolved','closed','closed','closed','closed']`,
);
const half = Math.floor(total / 2);

const database: { database: Database; url: string; cleanup(): Promise<void> } = values.reuse
  ? {
      database: await createDatabase({ url: values.reuse, migrationsFolder: migrations, poolSize: 5 }),
      url: values.reuse,
      cleanup: async () => {},
    }
  : ((await createTestDatabase(migrations, { kind: 'postgres' })) as {
      database: Database;
      url: string;
      cleanup(): Promise<void>;
    });
const db = database.database.db;
if (values.reuse) {
  // The kept seed: the largest account first, its agents and teams in a stable order.
  const ids = async (text: string) =>
    ((await db.execute(sql.raw(text))) as unknown as { rows: { id: string }[] }).rows.map((r) => r.id);
  accounts = await ids('select account_id as id from conversations group by 1 order by count(*) desc');
  channels = await ids(
    `select (select c.id from channels c where c.account_id = a.id limit 1) as id
     from unnest(array[${accounts.map((id) => `'${id}'::uuid`).join(',')}]) with ordinality a(id, n) order by n`,
  );
  agents = await ids(`select distinct assignee_id as id from conversations
    where account_id = '${accounts[0]}' and assignee_id is not null order by 1`);
  teams = await ids(`select distinct team_id as id from conversations
    where account_id = '${accounts[0]}' and team_id is not null order by 1`);
  await db.execute(sql`analyze`);
  console.log(
    `reusing ${values.reuse}: ${accounts.length} accounts, ${agents.length} agents, ${teams.length} teams`,
  );
} else {
  const seedStart = performance.now();
  await db.execute(sql`
  insert into channels (id, account_id, channel_type, name, credentials_ciphertext)
  select (${uuidArray(channels)})[i], (${uuidArray(accounts)})[i], 'whatsapp', 'bench', 'x'
  from generate_series(1, ${accountCount}) i`);
  // Rows 1..half belong to the largest account, the rest round-robin to the others. One statement:
  // the counters' statement trigger adds one grouped delta per key.
  await db.execute(sql`
  insert into conversations (account_id, display_id, channel_id, channel_type, contact_id, contact_identifier,
    contact_name, assignee_id, team_id, status, priority, subject, labels, last_message_at, last_message_preview,
    queued_at, created_at, updated_at)
  select (${uuidArray(accounts)})[a.i], g, (${uuidArray(channels)})[a.i], 'whatsapp', gen_random_uuid(), '+2519' || g,
    'Customer ' || g,
    case when s.status in ('open', 'bot') then null else (${uuidArray(agents)})[1 + (g / 7) % 20] end,
    case when g % 5 < 3 then (${uuidArray(teams)})[1 + g % 5] end,
    s.status, (ARRAY['low','normal','normal','high','urgent'])[1 + g % 5], 'Order ' || g || ' question',
    case when g % 7 = 0 then '["billing"]'::jsonb else '[]'::jsonb end,
    t.at, 'last words of ' || g, case when s.status = 'open' then t.at end, t.at - interval '1 hour', t.at
  from generate_series(1, ${total}) g,
    lateral (select case when g <= ${half} then 1 else 2 + g % ${accountCount - 1} end as i) a,
    lateral (select (${statusSlots})[1 + (g::bigint * 7919) % 20] as status) s,
    lateral (select now() - ((g * 2654435761::bigint) % 2592000000000) * interval '1 microsecond' as at) t`);
  await db.execute(sql`
  insert into account_sequences (account_id, next_conversation_display_id)
  select unnest(${uuidArray(accounts)}), ${total + 1}`);
  await db.execute(sql`
  insert into messages (account_id, conversation_id, channel_id, direction, sender_type, content, status, created_at, updated_at)
  select c.account_id, c.id, c.channel_id, case when k = 2 then 'outbound' else 'inbound' end,
    case when k = 2 then 'agent' else 'contact' end, 'message ' || k || ' of ' || c.display_id,
    'delivered', c.last_message_at - (3 - k) * interval '1 minute', c.last_message_at
  from conversations c, generate_series(0, 2) k`);
  await db.execute(sql`
  insert into conversation_reads (account_id, conversation_id, user_id, last_read_at)
  select account_id, id, assignee_id, last_message_at - interval '2 minutes' from conversations where assignee_id is not null`);
  await db.execute(sql`vacuum analyze`);
  console.log(
    `seeded ${total} conversations (${half} in the largest of ${accountCount} accounts), ${total * 3} messages ` +
      `in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`,
  );
}
const account = accounts[0]!;
// Flush the seed's (or the migrations') dirty pages now rather than in a checkpoint during the
// timed requests. Needs pg_checkpoint (or superuser); without it the run goes on.
await db
  .execute(sql`checkpoint`)
  .catch(() => console.log('(no CHECKPOINT permission: timed requests may meet one)'));

// Counts the statements each request sends (pool.query and checked-out clients both end here).
let statements = 0;
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  statements += 1;
  return (query as (...a: unknown[]) => unknown).apply(this, args);
} as typeof query;

const directory = createFakeDirectory();
const agent = agents[0]!;
directory.setTeams(account, agent, [teams[0]!]);
directory.addMembers(account, ...agents);
const config = loadConfig({
  MESSAGING_DATABASE_URL: database.url,
  GATEWAY_SHARED_SECRET: testGatewaySecret,
  SERVICE_TOKEN: testServiceToken,
  CREDENTIALS_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
  LOG_LEVEL: 'silent',
});
const deps = await createDeps(config, { logger: createSilentLogger(), directory });
const app = await buildApp(deps);
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
const origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

const admin: TestIdentity = {
  userId: randomUUID(),
  accountIds: [account],
  accountRoles: { [account]: 'admin' },
};
const agentId: TestIdentity = { userId: agent, accountIds: [account], accountRoles: { [account]: 'agent' } };
const viewerOf = (who: TestIdentity): Viewer => {
  const isManager = who.accountRoles?.[account] !== 'agent';
  return {
    userId: who.userId,
    accountIds: [account],
    managerAccountIds: isManager ? [account] : [],
    agentAccountIds: isManager ? [] : [account],
    teamIds: isManager ? [] : [teams[0]!],
  };
};
async function call(method: 'GET' | 'POST' | 'PATCH', url: string, who: TestIdentity, payload?: object) {
  const res = await app.inject({ method, url, payload, headers: gatewayHeaders(method, url, who) });
  if (res.statusCode >= 300 && res.statusCode !== 409 && res.statusCode !== 400) {
    throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  }
  return res.json();
}
const get = (url: string, who: TestIdentity) => call('GET', url, who);

// Keyset page 50: follow next_cursor 49 pages of 50 (rows 2450-2499).
let deepCursor = '';
for (let i = 0; i < 49; i++) {
  const page = await get(`/v1/conversations?limit=50${deepCursor ? `&cursor=${deepCursor}` : ''}`, admin);
  deepCursor = page.meta.next_cursor;
}

interface Case {
  label: string;
  url: string;
  who: TestIdentity;
  goal: number;
}
const list = (label: string, qs: string, who = admin): Case => ({
  label,
  url: `/v1/conversations?limit=50${qs}`,
  who,
  goal: 20,
});
const allCases: Case[] = [
  list('admin inbox, first page (+ total)', ''),
  list('agent inbox (visibility), first page', '', agentId),
  list('agent ?status=open&assignee_id=me', '&status=open&assignee_id=me', agentId),
  list('agent ?status=assigned,pending&assignee_id=me', '&status=assigned,pending&assignee_id=me', agentId),
  list('admin ?unassigned=true', '&unassigned=true'),
  list('admin ?labels=billing&priority=urgent', '&labels=billing&priority=urgent'),
  list('admin ?team_id=…&status=open', `&team_id=${teams[1]}&status=open`),
  list('admin sort=display_id:desc', '&sort=display_id:desc'),
  list('admin sort=created_at:asc', '&sort=created_at:asc'),
  list('admin keyset page 50 (rows 2450+)', `&cursor=${deepCursor}`),
  list('admin ?q=Customer 4242 (fields)', '&q=Customer%204242'),
  list('admin ?q=of 4242 (message words)', '&q=of%204242'),
  list('admin ?q=zzzz (no match)', '&q=zzzz'),
  { label: 'counts, admin', url: '/v1/conversations/counts', who: admin, goal: 10 },
  { label: 'counts, agent', url: '/v1/conversations/counts', who: agentId, goal: 10 },
];

const only = values.only ? new RegExp(values.only, 'i') : undefined;
const cases = allCases.filter((c) => !only || only.test(c.label));

function percentiles(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
  return { p50: at(50), p90: at(90), p99: at(99), max: sorted.at(-1)! };
}
/**
 * Open loop: request i starts at i/rate s whatever the others do; latency counts from that instant.
 * `--rate 0`: one request after the other (what a loaded development machine can still measure).
 */
async function paced(run: () => Promise<unknown>): Promise<number[]> {
  if (rate === 0) {
    const samples: number[] = [];
    for (let i = 0; i < requests; i++) {
      const start = performance.now();
      await run();
      samples.push(performance.now() - start);
    }
    return samples;
  }
  const start = performance.now();
  const interval = 1000 / rate;
  return Promise.all(
    Array.from({ length: requests }, async (_, i) => {
      const due = start + i * interval;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      await run();
      return performance.now() - due;
    }),
  );
}
/** The timed requests of one case, from the load worker (bench/inbox/http-load.mjs). */
interface LoadJob {
  origin: string;
  path: string;
  headers: Record<string, string>;
  requests: number;
  rate: number;
  connections: number;
}
interface LoadResult {
  samples: number[];
  failures: string[];
}
const connections = 16;
async function overHttp(url: string, who: TestIdentity): Promise<number[]> {
  const job: LoadJob = {
    origin,
    path: url,
    headers: gatewayHeaders('GET', url, who),
    requests,
    rate,
    connections,
  };
  const worker = new Worker(new URL('./inbox/http-load.mjs', import.meta.url), { workerData: job });
  const result = await new Promise<LoadResult>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  await worker.terminate();
  if (result.failures.length > 0)
    throw new Error(`${url}: ${result.failures.length} failed, e.g. ${result.failures[0]}`);
  return result.samples;
}
// Warm-up over every case first (JIT, plan and buffer caches), so the first case is not the coldest.
for (const { url, who } of cases) for (let i = 0; i < 20; i++) await get(url, who);

const ms = (x: number) => `${x.toFixed(1)} ms`.padStart(9);
const results: Record<string, unknown>[] = [];
console.log(
  `\n${cpus()[0]?.model ?? 'cpu'} × ${cpus().length}; ${requests} requests per case ` +
    `${rate ? `at ${rate}/s, open loop` : 'one after the other'} (HTTP from a worker thread, ${connections} connections)`,
);
console.log(`  ${'case'.padEnd(46)}      p50       p90       p99       max  sql  goal`);
for (const { label, url, who, goal } of cases) {
  for (let i = 0; i < 5; i++) await get(url, who);
  // The fewest of three: background workers (the outbox relay) may query in between.
  let perRequest = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 3; i++) {
    statements = 0;
    await get(url, who);
    perRequest = Math.min(perRequest, statements);
  }
  const p = percentiles(await overHttp(url, who));
  const met = p.p99 <= goal && perRequest <= 3 ? 'met' : 'MISSED';
  console.log(
    `  ${label.padEnd(46)} ${ms(p.p50)} ${ms(p.p90)} ${ms(p.p99)} ${ms(p.max)}  ${String(perRequest).padStart(3)}  p99 ≤ ${goal} ms, ≤ 3 sql: ${met}`,
  );
  results.push({ label, url, ...p, statements: perRequest, goalP99: goal });
}

// The reference the counters replace: an exact COUNT(*) per request, measured the same way.
const exact = createExactInboxCounter(db);
for (const who of only && !only.test('exact') ? [] : [admin, agentId]) {
  const p = percentiles(await paced(() => exact.count(viewerOf(who))));
  const label = `exact COUNT(*) counts, ${who === admin ? 'admin' : 'agent'} (not served)`;
  console.log(`  ${label.padEnd(46)} ${ms(p.p50)} ${ms(p.p90)} ${ms(p.p99)} ${ms(p.max)}    1  reference`);
  results.push({ label, ...p });
}

const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const resultsDir = new URL('./results/', import.meta.url);
mkdirSync(resultsDir, { recursive: true });
// The services' session settings (no JIT, no parallel workers), so the plans are the ones served.
const client = new pg.Client({ connectionString: database.url, options: SERVICE_SESSION_OPTIONS });
await client.connect();
const plans: string[] = [];
async function explain(label: string, statement: { toSQL(): { sql: string; params: unknown[] } }) {
  const { sql: text, params } = statement.toSQL();
  const plan = await client.query(`explain (analyze, buffers) ${text}`, params);
  plans.push(`--- ${label}\n${text}\n${plan.rows.map((r) => r['QUERY PLAN']).join('\n')}\n`);
}
for (const { label, url, who } of cases) {
  const viewer = viewerOf(who);
  if (url.startsWith('/v1/conversations/counts')) {
    await explain(`${label}: counters`, countsStatement(db, viewer));
    await explain(`${label}: exact COUNT(*) (reference)`, exactCountsStatement(db, viewer));
    continue;
  }
  const params = new URL(url, 'http://bench').searchParams;
  const built = inboxStatements(db, viewer, InboxQuery.parse(Object.fromEntries(params)));
  await explain(`${label}: page`, built.page);
  if (built.total) await explain(`${label}: total`, built.total);
}
await client.end();
const planFile = new URL(`inbox-explain-${total}-${stamp}.txt`, resultsDir);
writeFileSync(planFile, plans.join('\n'));

// Concurrent writers through the API, then the invariant: counters equal COUNT(*).
const ids: string[] = (await get('/v1/conversations?limit=500&status=open,assigned,pending', admin)).data.map(
  (c: { id: string }) => c.id,
);
let done = 0;
const writeStart = performance.now();
await Promise.all(
  Array.from({ length: writers }, async (_, w) => {
    for (let i = w; i < writes; i += writers) {
      const id = ids[i % ids.length]!;
      const change = i % 4;
      if (change === 0)
        await call('POST', `/v1/conversations/${id}/assign`, admin, { assignee_id: agents[i % 20] });
      if (change === 1) await call('PATCH', `/v1/conversations/${id}`, admin, { status: 'resolved' });
      if (change === 2) await call('PATCH', `/v1/conversations/${id}`, admin, { status: 'open' });
      if (change === 3) {
        await call('POST', '/v1/conversations', admin, {
          channel_id: channels[0],
          contact_identifier: `+2510${i}`,
        });
      }
      done += 1;
    }
  }),
);
const drift = await findCounterDrift(db);
console.log(
  `\n${done} API writes by ${writers} concurrent writers in ${((performance.now() - writeStart) / 1000).toFixed(1)} s; ` +
    `counters equal COUNT(*) for every (account, status, assignee, team): ${drift.length === 0 ? 'yes' : `NO ${JSON.stringify(drift)}`}`,
);
const resultFile = new URL(`inbox-${total}-${stamp}.json`, resultsDir);
writeFileSync(
  resultFile,
  JSON.stringify({ total, accounts: accountCount, requests, rate, results, writes: done, drift }, null, 2),
);
console.log(`plans: ${planFile.pathname}\nnumbers: ${resultFile.pathname}`);

await app.close();
await deps.infra.close();
if (values.keep) console.log(`kept: ${database.url} (measure it again with --reuse)`);
else await database.cleanup();
if (drift.length > 0) process.exitCode = 1;
