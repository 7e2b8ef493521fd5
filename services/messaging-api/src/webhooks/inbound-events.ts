import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '@turumba/contracts';
import type { Db } from '@turumba/platform/db';
import { OUTBOX_CHANNEL, outboxEvents } from '@turumba/platform/outbox';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { ChannelType } from '../channels/adapters';
import { inboundEvents } from './tables';

export type InboundEventRow = typeof inboundEvents.$inferSelect;

export interface NewInboundEvent {
  id: string;
  accountId: string;
  channelId: string;
  channelType: ChannelType;
  providerEventId: string;
  contentType: string;
  headers: Record<string, string>;
  rawBody: string;
  bodyEncoding: 'utf8' | 'base64';
}

/** The `webhook.inbound.<type>` envelope of a stored webhook (ARCHITECTURE.md §6). */
export function inboundEnvelope(
  event: Pick<NewInboundEvent, 'id' | 'accountId' | 'channelId' | 'channelType'>,
  now: Date,
): EventEnvelope {
  return {
    event_id: randomUUID(),
    event_type: `webhook.inbound.${event.channelType}`,
    version: 1,
    occurred_at: now.toISOString(),
    account_id: event.accountId,
    aggregate_type: 'inbound_event',
    aggregate_id: event.id,
    data: { inbound_event_id: event.id, channel_id: event.channelId, channel_type: event.channelType },
  };
}

/**
 * Stores verified webhooks and enqueues `webhook.inbound.<type>` for each new one, in ONE
 * statement (one round trip, one commit) however many there are: the receiver batches
 * concurrent requests (inbound-recorder.ts), and every round trip inside a transaction would
 * hold a pool connection longer. A provider retry (same channel and provider event id, even
 * inside the same batch) stores and enqueues nothing. Returns the ids that were new.
 *
 * The outbox rows are what the platform's `enqueue` writes (same columns, same envelope), and
 * the NOTIFY that wakes the relay is sent only when something was queued, on commit.
 */
export async function recordInboundEvents(
  db: Db,
  events: NewInboundEvent[],
  now: Date,
): Promise<Set<string>> {
  if (events.length === 0) return new Set();
  const at = now.toISOString();
  const stored = events.map(
    (e) =>
      sql`(${e.id}::uuid, ${e.accountId}::uuid, ${e.channelId}::uuid, ${e.channelType}, ${e.providerEventId}, ${e.contentType}, ${JSON.stringify(e.headers)}::jsonb, ${e.rawBody}, ${e.bodyEncoding}, ${at}::timestamptz, ${at}::timestamptz)`,
  );
  const queued = events.map((e) => {
    const envelope = inboundEnvelope(e, now);
    return sql`(${envelope.event_id}::uuid, ${envelope.event_type}, ${e.accountId}::uuid, ${e.id}, ${JSON.stringify(envelope)}::jsonb)`;
  });
  const result = (await db.execute(sql`
    with stored as (
      insert into ${inboundEvents} (id, account_id, channel_id, channel_type, provider_event_id,
        content_type, headers, raw_body, body_encoding, created_at, updated_at)
      values ${sql.join(stored, sql`, `)}
      on conflict (channel_id, provider_event_id) do nothing
      returning id
    ), queued as (
      insert into ${outboxEvents} (id, event_type, routing_key, version, account_id, aggregate_type,
        aggregate_id, payload)
      select o.id, o.event_type, o.event_type, 1, o.account_id, 'inbound_event', o.aggregate_id, o.payload
      from (values ${sql.join(queued, sql`, `)}) as o (id, event_type, account_id, aggregate_id, payload)
      where o.aggregate_id in (select id::text from stored)
      returning id
    )
    select s.id::text as id, (select pg_notify(${OUTBOX_CHANNEL}, '') from queued limit 1) as notified
    from stored s`)) as unknown as { rows: { id: string }[] };
  return new Set(result.rows.map((row) => row.id));
}

export async function findInboundEvent(db: Db, accountId: string, id: string) {
  const [row] = await db
    .select()
    .from(inboundEvents)
    .where(and(eq(inboundEvents.id, id), eq(inboundEvents.accountId, accountId)));
  return row;
}

/** Several stored webhooks at once, by (account, id): a map keyed `${accountId}:${id}`. */
export async function findInboundEvents(db: Db, keys: { accountId: string; id: string }[]) {
  const rows = await db
    .select()
    .from(inboundEvents)
    .where(
      and(
        inArray(
          inboundEvents.id,
          keys.map((k) => k.id),
        ),
        inArray(inboundEvents.accountId, [...new Set(keys.map((k) => k.accountId))]),
      ),
    );
  return new Map(rows.map((r) => [`${r.accountId}:${r.id}`, r]));
}

/** `finishInboundEvent` as `processed` for several webhooks, in the transaction that processed them. */
export async function markInboundEventsProcessed(db: Db, ids: string[], now: Date) {
  if (ids.length === 0) return;
  await db
    .update(inboundEvents)
    .set({ status: 'processed', error: null, processedAt: now, updatedAt: now })
    .where(and(inArray(inboundEvents.id, ids), eq(inboundEvents.status, 'received')));
}

export type InboundOutcome = { status: 'processed' | 'ignored' | 'failed'; error?: string };

/** Called inside the worker's transaction, so the outcome commits with the messages it produced. */
export async function finishInboundEvent(db: Db, row: InboundEventRow, outcome: InboundOutcome, now: Date) {
  await db
    .update(inboundEvents)
    .set({ status: outcome.status, error: outcome.error ?? null, processedAt: now, updatedAt: now })
    .where(and(eq(inboundEvents.id, row.id), eq(inboundEvents.accountId, row.accountId)));
}

/** Counts a failed attempt (outside the rolled-back transaction) so operators can see retries. */
export async function countFailedAttempt(db: Db, row: InboundEventRow, error: string, now: Date) {
  await db
    .update(inboundEvents)
    .set({ attempts: sql`${inboundEvents.attempts} + 1`, error: error.slice(0, 1_000), updatedAt: now })
    .where(and(eq(inboundEvents.id, row.id), eq(inboundEvents.accountId, row.accountId)));
}
