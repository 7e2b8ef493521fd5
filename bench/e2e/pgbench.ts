/**
 * The bare database limit: pgbench replays the SQL the Messaging API runs per inbound message
 * (statements as drizzle issues them in webhooks/inbound-events.ts, inbound/process-inbound-event.ts,
 * inbound/resolve-contact.ts, inbound/store-inbound-message.ts, inbound/find-or-create-conversation.ts,
 * platform outbox enqueue/relay), steady state: a known customer writing into an open
 * conversation. It runs on a copy (CREATE DATABASE … TEMPLATE) of the run's messaging database,
 * so schema, indexes and table sizes are the ones the services just worked on.
 *
 * - `worker`: the inbound worker's transaction alone (what issue 9 calls the inbound transaction),
 *   with the reads before it (inbound event, channel, contact identifier).
 * - `per-message`: every database statement one message costs: the receiver's transaction
 *   (inbound_events + outbox + NOTIFY), the worker's, and the relay marking both events published.
 * Extended protocol (-M extended) like node-postgres; -c clients = the services' pool size (10).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import type { Cleanup } from './infra';

const run = promisify(execFile);

const reads = `
SELECT * FROM inbound_events WHERE id = :ev AND account_id = :acc;
SELECT * FROM channels WHERE id = :ch AND account_id = :acc;
SELECT * FROM contact_identifiers WHERE account_id = :acc AND channel_type = :ct AND identifier = :ident;
`;

const workerTransaction = `
BEGIN;
INSERT INTO processed_events (event_id, consumer) VALUES ('inbound_event:' || gen_random_uuid(), 'messaging.inbound') ON CONFLICT DO NOTHING RETURNING event_id;
SELECT id FROM messages WHERE channel_id = :ch AND provider_message_id = 'pgb-' || gen_random_uuid();
SAVEPOINT sp1;
SELECT * FROM conversations WHERE channel_id = :ch AND contact_identifier = :ident AND status NOT IN ('resolved', 'closed') FOR UPDATE;
INSERT INTO messages (id, account_id, conversation_id, channel_id, direction, sender_type, content, status, provider_message_id, attachments, metadata, reply_to_message_id, delivered_at, created_at, updated_at) VALUES (gen_random_uuid(), :acc, :conv, :ch, 'inbound', 'contact', 'e2e pgbench hello, my order has not arrived yet', 'delivered', 'pgb-' || gen_random_uuid(), '[]'::jsonb, '{"raw_type":"text","provider_timestamp":"2026-11-25T00:00:00.000Z"}'::jsonb, NULL, now(), now(), now()) ON CONFLICT DO NOTHING RETURNING *;
UPDATE conversations SET last_message_at = now(), last_inbound_at = greatest(last_inbound_at, now()), last_message_preview = 'e2e pgbench hello', waiting_since = coalesce(waiting_since, now()), contact_id = coalesce(contact_id, :contact), updated_at = now() WHERE id = :conv RETURNING *;
INSERT INTO outbox_events (id, event_type, routing_key, version, account_id, aggregate_type, aggregate_id, payload) SELECT gen_random_uuid(), 'conversation.message.created', 'conversation.message.created', 1, :acc, 'conversation', :conv, message_payload FROM bench_sample RETURNING id AS ob2 \\gset
SELECT pg_notify('outbox_events', '');
RELEASE SAVEPOINT sp1;
UPDATE inbound_events SET status = 'processed', error = NULL, processed_at = now(), updated_at = now() WHERE id = :ev AND account_id = :acc;
COMMIT;
`;

const pickTarget = `
\\set n random(1, :targets)
SELECT account_id AS acc, channel_id AS ch, channel_type AS ct, contact_identifier AS ident, contact_id AS contact, conversation_id AS conv FROM bench_targets WHERE n = :n \\gset
`;

export const scripts = {
  worker: `${pickTarget}
\\set e random(1, :events)
SELECT id AS ev FROM bench_events WHERE n = :e \\gset
${reads}${workerTransaction}`,
  'per-message': `${pickTarget}
BEGIN;
INSERT INTO inbound_events (id, account_id, channel_id, channel_type, provider_event_id, content_type, headers, raw_body, body_encoding, created_at, updated_at) SELECT gen_random_uuid(), :acc, :ch, :ct, gen_random_uuid()::text, 'application/json', headers, raw_body, 'utf8', now(), now() FROM bench_sample ON CONFLICT (channel_id, provider_event_id) DO NOTHING RETURNING id AS ev \\gset
INSERT INTO outbox_events (id, event_type, routing_key, version, account_id, aggregate_type, aggregate_id, payload) SELECT gen_random_uuid(), 'webhook.inbound.' || :ct, 'webhook.inbound.' || :ct, 1, :acc, 'inbound_event', :ev, webhook_payload FROM bench_sample RETURNING id AS ob1 \\gset
SELECT pg_notify('outbox_events', '');
COMMIT;
${reads}${workerTransaction}
UPDATE outbox_events SET published_at = now(), updated_at = now(), last_error = NULL WHERE id IN (:ob1, :ob2);
`,
};

export interface PgbenchResult {
  script: keyof typeof scripts;
  clients: number;
  seconds: number;
  tps: number;
  latencyMs: number;
  transactions: number;
  failed: number;
}

/** Copies the messaging database (no one may be connected to it) and prepares the lookup tables. */
export async function prepareCopy(
  serverUrl: string,
  messagingUrl: string,
  cleanup: Cleanup,
): Promise<string> {
  const source = new URL(messagingUrl).pathname.slice(1);
  const name = `${source}_pgb`.slice(0, 63);
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${pg.escapeIdentifier(name)} template ${pg.escapeIdentifier(source)}`);
  } finally {
    await admin.end();
  }
  cleanup.add(`drop database ${name}`, async () => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    await client.query(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`);
    await client.end();
  });
  const url = new URL(messagingUrl);
  url.pathname = `/${name}`;
  const db = new pg.Client({ connectionString: url.toString() });
  await db.connect();
  try {
    await db.query(`
      create table bench_targets as
        select row_number() over () as n, account_id, channel_id, channel_type, contact_identifier,
               contact_id, id as conversation_id
        from conversations where status not in ('resolved', 'closed');
      create unique index on bench_targets (n);
      create table bench_events as select row_number() over () as n, id from inbound_events;
      create unique index on bench_events (n);
      create table bench_sample as select
        (select payload from outbox_events where event_type = 'conversation.message.created' limit 1) as message_payload,
        (select payload from outbox_events where event_type like 'webhook.inbound.%' limit 1) as webhook_payload,
        (select raw_body from inbound_events limit 1) as raw_body,
        (select headers from inbound_events limit 1) as headers;
      analyze;
    `);
  } finally {
    await db.end();
  }
  return url.toString();
}

export async function runPgbench(
  url: string,
  script: keyof typeof scripts,
  options: { clients: number; seconds: number },
): Promise<PgbenchResult> {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  const counts = await db.query<{ targets: string; events: string }>(
    'select (select count(*) from bench_targets) as targets, (select count(*) from bench_events) as events',
  );
  await db.end();
  const { targets, events } = counts.rows[0]!;
  const dir = mkdtempSync(join(tmpdir(), 'turumba-pgb-'));
  const file = join(dir, `${script}.sql`);
  writeFileSync(file, scripts[script]);
  try {
    const { stdout } = await run(
      'pgbench',
      [
        '-n',
        '-M',
        'extended',
        '-f',
        file,
        '-c',
        String(options.clients),
        '-j',
        String(Math.min(2, options.clients)),
        '-T',
        String(options.seconds),
        '-D',
        `targets=${targets}`,
        '-D',
        `events=${events}`,
        url,
      ],
      { timeout: (options.seconds + 120) * 1000, maxBuffer: 16 * 2 ** 20 },
    );
    const number = (pattern: RegExp) => Number(pattern.exec(stdout)?.[1] ?? Number.NaN);
    return {
      script,
      clients: options.clients,
      seconds: options.seconds,
      tps: number(/tps = ([\d.]+) \(without initial connection time\)/),
      latencyMs: number(/latency average = ([\d.]+) ms/),
      transactions: number(/number of transactions actually processed: (\d+)/),
      failed: number(/number of failed transactions: (\d+)/) || 0,
    };
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`pgbench ${script}: ${e.stderr?.slice(0, 1000) || e.message}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
