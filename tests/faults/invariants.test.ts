import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@turumba/platform/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationsFolder } from '../../services/messaging-api/src/deps';
import {
  checkAcceptedWebhooks,
  checkCapacity,
  checkCounters,
  checkEventsDelivered,
  checkInvariants,
  checkMessagesAnnounced,
  checkReadyRecovered,
} from './invariants';

// The checker itself must be able to fail: each broken invariant, planted by hand, is reported.
let database: TestDatabase;
const accountId = randomUUID();
const channelId = randomUUID();
const agentId = randomUUID();

async function conversationAssignedTo(assignee: string, reason: 'auto' | 'manual', n: number) {
  const id = randomUUID();
  await database.database.db.execute(sql`
    insert into conversations (id, account_id, display_id, channel_id, channel_type, contact_identifier, status, assignee_id)
    values (${id}, ${accountId}, ${n}, ${channelId}, 'whatsapp', ${`+2519000000${n}`}, 'assigned', ${assignee})`);
  await database.database.db.execute(sql`
    insert into conversation_assignments (account_id, conversation_id, assignee_id, reason, started_at)
    values (${accountId}, ${id}, ${assignee}, ${reason}, now())`);
  return id;
}

beforeAll(async () => {
  database = await createTestDatabase(migrationsFolder);
});
afterAll(() => database?.cleanup());

describe('the invariant checker', () => {
  it('passes on an empty database', async () => {
    expect(await checkInvariants({ db: database.database.db, accountId })).toEqual([]);
  });

  it('reports an accepted webhook without its message', async () => {
    const input = {
      db: database.database.db,
      accountId,
      acceptedMessages: [{ channelId, providerMessageId: 'wamid.lost' }],
    };
    expect(await checkAcceptedWebhooks(input)).toEqual([
      'accepted webhook message wamid.lost has 0 message rows',
    ]);
  });

  it('reports automatic assignments over the limit, but not manual ones', async () => {
    const db = database.database.db;
    for (let n = 1; n <= 3; n++) await conversationAssignedTo(agentId, 'auto', n);
    for (let n = 4; n <= 5; n++) await conversationAssignedTo(agentId, 'manual', n);
    const capacities = new Map([[agentId, 3]]);
    expect(await checkCapacity({ db, accountId, capacities })).toEqual([]);
    await conversationAssignedTo(agentId, 'auto', 6);
    expect(await checkCapacity({ db, accountId, capacities })).toEqual([
      `agent ${agentId} holds 4 automatic assignments over a limit of 3`,
    ]);
  });

  it('reports unpublished events, unprocessed webhooks and unannounced messages', async () => {
    const db = database.database.db;
    await db.execute(sql`
      insert into outbox_events (id, event_type, routing_key, version, account_id, aggregate_type, aggregate_id, payload)
      values (${randomUUID()}, 'x.y', 'x.y', 1, ${accountId}, 'x', 'x', '{}'::jsonb)`);
    await db.execute(sql`
      insert into inbound_events (account_id, channel_id, channel_type, provider_event_id, raw_body)
      values (${accountId}, ${channelId}, 'whatsapp', 'sha256:x', '{}')`);
    const [conversation] = (
      (await db.execute(
        sql`select id from conversations where account_id = ${accountId} limit 1`,
      )) as unknown as {
        rows: Array<{ id: string }>;
      }
    ).rows;
    await db.execute(sql`
      insert into messages (account_id, conversation_id, channel_id, direction, sender_type, content, status)
      values (${accountId}, ${conversation!.id}, ${channelId}, 'inbound', 'contact', 'hi', 'delivered')`);
    expect(await checkEventsDelivered({ db, accountId })).toEqual([
      '1 outbox events never published',
      '1 inbound events still unprocessed',
    ]);
    expect(await checkMessagesAnnounced({ db, accountId })).toEqual([
      '1 inbound messages without exactly one message.created event',
    ]);
  });

  it('reports counters that differ from COUNT(*), when the counters exist', async () => {
    const db = database.database.db;
    const exists = (await db.execute(
      sql`select to_regclass('conversation_counts') is not null as present`,
    )) as unknown as {
      rows: Array<{ present: boolean }>;
    };
    if (!exists.rows[0]?.present) return;
    expect(await checkCounters({ db, accountId })).toEqual([]);
    await db.execute(sql`
      insert into conversation_counts (account_id, status, assignee_id, n) values (${accountId}, 'assigned', ${agentId}, 1)`);
    expect(await checkCounters({ db, accountId })).toEqual(['counter for assigned is 7, COUNT(*) is 6']);
  });

  it('reports a /ready that does not recover', async () => {
    const ready = async () => ({ status: 503, checks: { bus: 'failing' } });
    expect(await checkReadyRecovered({ db: database.database.db, accountId, ready }, 300)).toEqual([
      '/ready still 503 after the fault: {"bus":"failing"}',
    ]);
  });
});
