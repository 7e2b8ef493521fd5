/**
 * Inbox benchmark (127.0.0.1 only, bounded, prints numbers).
 *   npx tsx bench/inbox.ts [--conversations 100000] [--requests 200] [--explain]
 * On PostgreSQL (TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres; a fresh
 * database is created and dropped): one account with `conversations` conversations (three messages
 * each, 20 agents in 5 teams, every status), then `requests` requests per case through the real
 * Messaging API (`app.inject`, gateway-signed): the admin and agent inbox pages, a deep keyset
 * page, filters, text search, the detail and the tab counts. Latency p50/p90/p99/max per case.
 * `--explain` prints EXPLAIN (ANALYZE, BUFFERS) of the exact statements the list and counts run.
 */
import { randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
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
import { countsStatement } from '../services/messaging-api/src/conversations/counts';
import { inboxStatements } from '../services/messaging-api/src/conversations/list-inbox';
import { InboxQuery } from '../services/messaging-api/src/conversations/schema';
import type { Viewer } from '../services/messaging-api/src/conversations/viewer';
import { createDeps } from '../services/messaging-api/src/deps';
import { createFakeDirectory } from '../services/messaging-api/src/test-support';

const { values } = parseArgs({
  options: {
    conversations: { type: 'string', default: '100000' },
    requests: { type: 'string', default: '200' },
    explain: { type: 'boolean', default: false },
  },
});
const total = Math.min(1_000_000, Math.max(1_000, Number(values.conversations)));
const requests = Math.min(2_000, Math.max(10, Number(values.requests)));
process.env.TEST_DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';
const host = new URL(process.env.TEST_DATABASE_URL).hostname;
if (!['127.0.0.1', 'localhost', '::1'].includes(host)) throw new Error('bench runs against 127.0.0.1 only');

const account = randomUUID();
const channel = randomUUID();
const agents = Array.from({ length: 20 }, () => randomUUID());
const teams = Array.from({ length: 5 }, () => randomUUID());
const uuidArray = (ids: string[]) => sql.raw(`ARRAY[${ids.map((id) => `'${id}'::uuid`).join(',')}]`);
// 20 slots: 3 open, 1 bot, 4 assigned, 2 pending, 6 resolved, 4 closed.
const statusSlots = sql.raw(
  `ARRAY['open','open','open','bot','assigned','assigned','assigned','assigned','pending','pending',` +
    `'resolved','resolved','resolved','resolved','resolved','resolved','closed','closed','closed','closed']`,
);

const database = await createTestDatabase(
  new URL('../services/messaging-api/drizzle', import.meta.url).pathname,
  { kind: 'postgres' },
);
const db = database.database.db;
const seedStart = performance.now();
await db.execute(
  sql`insert into channels (id, account_id, channel_type, name, credentials_ciphertext) values (${channel}, ${account}, 'whatsapp', 'bench', 'x')`,
);
await db.execute(sql`
  insert into conversations (account_id, display_id, channel_id, channel_type, contact_id, contact_identifier,
    contact_name, assignee_id, team_id, status, priority, subject, labels, last_message_at, last_message_preview,
    queued_at, created_at, updated_at)
  select ${account}, g, ${channel}, 'whatsapp', gen_random_uuid(), '+2519' || g, 'Customer ' || g,
    case when s.status in ('open', 'bot') then null else (${uuidArray(agents)})[1 + (g * 31) % 20] end,
    case when g % 5 < 3 then (${uuidArray(teams)})[1 + g % 5] end,
    s.status, (ARRAY['low','normal','normal','high','urgent'])[1 + g % 5], 'Order ' || g || ' question',
    case when g % 7 = 0 then '["billing"]'::jsonb else '[]'::jsonb end,
    t.at, 'last words of ' || g, case when s.status = 'open' then t.at end, t.at - interval '1 hour', t.at
  from generate_series(1, ${total}) g,
    lateral (select (${statusSlots})[1 + (g * 7919) % 20] as status) s,
    lateral (select now() - ((g * 2654435761::bigint) % 2592000000000) * interval '1 microsecond' as at) t`);
await db.execute(sql`
  insert into messages (account_id, conversation_id, channel_id, direction, sender_type, content, status, created_at, updated_at)
  select c.account_id, c.id, c.channel_id, case when k = 2 then 'outbound' else 'inbound' end,
    case when k = 2 then 'agent' else 'contact' end, 'message ' || k || ' of ' || c.display_id,
    'delivered', c.last_message_at - (3 - k) * interval '1 minute', c.last_message_at
  from conversations c, generate_series(0, 2) k`);
await db.execute(sql`
  insert into conversation_reads (account_id, conversation_id, user_id, last_read_at)
  select account_id, id, assignee_id, last_message_at - interval '2 minutes' from conversations where assignee_id is not null`);
await db.execute(sql`analyze`);
console.log(
  `seeded ${total} conversations, ${total * 3} messages in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`,
);

const directory = createFakeDirectory();
const agent = agents[0]!;
directory.setTeams(account, agent, [teams[0]!]);
const config = loadConfig({
  MESSAGING_DATABASE_URL: database.url,
  GATEWAY_SHARED_SECRET: testGatewaySecret,
  SERVICE_TOKEN: testServiceToken,
  CREDENTIALS_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
  LOG_LEVEL: 'silent',
});
const deps = await createDeps(config, { logger: createSilentLogger(), directory });
const app = await buildApp(deps);
await app.ready();

const admin: TestIdentity = {
  userId: randomUUID(),
  accountIds: [account],
  accountRoles: { [account]: 'admin' },
};
const agentId: TestIdentity = { userId: agent, accountIds: [account], accountRoles: { [account]: 'agent' } };
async function get(url: string, who: TestIdentity) {
  const res = await app.inject({ method: 'GET', url, headers: gatewayHeaders('GET', url, who) });
  if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
  return res.json();
}
// A deep keyset page: follow next_cursor 20 pages of 50 (rows 1000-1049).
let deepCursor: string | undefined;
for (let i = 0; i < 20; i++) {
  const page = await get(`/v1/conversations?limit=50${deepCursor ? `&cursor=${deepCursor}` : ''}`, admin);
  deepCursor = page.meta.next_cursor;
}
const someId = (await get('/v1/conversations?limit=1', admin)).data[0].id;

function percentiles(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
  return { p50: at(50), p90: at(90), p99: at(99), max: sorted.at(-1)! };
}
const cases: [string, string, TestIdentity][] = [
  ['admin inbox, first page of 50', '/v1/conversations?limit=50', admin],
  ['admin inbox, keyset page 21 (rows 1000+)', `/v1/conversations?limit=50&cursor=${deepCursor}`, admin],
  ['admin inbox, offset page 21 (skip 1000)', '/v1/conversations?limit=50&skip=1000', admin],
  ['agent inbox (visibility), first page', '/v1/conversations?limit=50', agentId],
  [
    'agent ?assignee_id=me&status=assigned,pending',
    '/v1/conversations?limit=50&assignee_id=me&status=assigned,pending',
    agentId,
  ],
  ['admin ?unassigned=true&status=open', '/v1/conversations?limit=50&unassigned=true&status=open', admin],
  [
    'admin ?labels=billing&priority=urgent',
    '/v1/conversations?limit=50&labels=billing&priority=urgent',
    admin,
  ],
  ['admin ?q=Customer 4242 (ILIKE)', '/v1/conversations?limit=50&q=Customer%204242', admin],
  ['conversation detail (20 messages)', `/v1/conversations/${someId}`, admin],
  ['counts, admin', '/v1/conversations/counts', admin],
  ['counts, agent', '/v1/conversations/counts', agentId],
];
console.log(
  `\n${cpus()[0]?.model ?? 'cpu'} × ${cpus().length}; ${requests} sequential requests per case (app.inject)`,
);
for (const [label, url, who] of cases) {
  for (let i = 0; i < 5; i++) await get(url, who);
  const samples: number[] = [];
  for (let i = 0; i < requests; i++) {
    const start = performance.now();
    await get(url, who);
    samples.push(performance.now() - start);
  }
  const p = percentiles(samples);
  const ms = (x: number) => `${x.toFixed(2)} ms`.padStart(10);
  console.log(`  ${label.padEnd(48)} p50 ${ms(p.p50)}  p90 ${ms(p.p90)}  p99 ${ms(p.p99)}  max ${ms(p.max)}`);
}

if (values.explain) {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  const viewer = (who: TestIdentity, isManager: boolean, teamIds: string[]): Viewer => ({
    userId: who.userId,
    accountIds: [account],
    managerAccountIds: isManager ? [account] : [],
    agentAccountIds: isManager ? [] : [account],
    teamIds,
  });
  const explain = async (label: string, statement: { toSQL(): { sql: string; params: unknown[] } }) => {
    const { sql: text, params } = statement.toSQL();
    const plan = await client.query(`explain (analyze, buffers, costs off) ${text}`, params);
    console.log(`\n--- ${label}\n${plan.rows.map((r) => r['QUERY PLAN']).join('\n')}`);
  };
  const adminView = viewer(admin, true, []);
  const agentView = viewer(agentId, false, [teams[0]!]);
  await explain('admin page', inboxStatements(db, adminView, InboxQuery.parse({ limit: 50 })).page);
  await explain('admin total', inboxStatements(db, adminView, InboxQuery.parse({ limit: 50 })).total!);
  await explain(
    'admin keyset page 21',
    inboxStatements(db, adminView, InboxQuery.parse({ limit: 50, cursor: deepCursor })).page,
  );
  await explain('agent page', inboxStatements(db, agentView, InboxQuery.parse({ limit: 50 })).page);
  await explain(
    'admin q search',
    inboxStatements(db, adminView, InboxQuery.parse({ limit: 50, q: 'Customer 4242' })).page,
  );
  await explain('agent counts', countsStatement(db, agentView));
  await client.end();
}

await app.close();
await deps.infra.close();
await database.cleanup();
