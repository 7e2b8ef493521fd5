import { randomUUID } from 'node:crypto';
import { EventEnvelope } from '@turumba/contracts';
import { sql } from 'drizzle-orm';
import type { Db } from '../db';
import { outboxEvents } from './tables';

/** The channel the relay LISTENs on; enqueue notifies it so rows go out without waiting for a poll. */
export const OUTBOX_CHANNEL = 'outbox_events';

export interface NewEvent {
  event_type: string;
  /** Defaults to event_type (ARCHITECTURE.md §6 routing keys equal the event types). */
  routing_key?: string;
  account_id: string | null;
  aggregate_type: string;
  aggregate_id: string;
  data: Record<string, unknown>;
  /** Defaults to 1. */
  version?: number;
  /** Defaults to a random UUID; pass one when the caller needs to know it up front. */
  event_id?: string;
  /** Defaults to now; pass deps.clock's time to pin it in tests. */
  occurred_at?: Date | string;
}

/**
 * Records an event in the caller's transaction: it is published if and only if that transaction
 * commits. Pass the transaction handle (`db.transaction(async (tx) => enqueue(tx, ...))`); with a
 * plain Db the row commits on its own, which defeats the purpose. Returns the envelope as it will
 * be published. The NOTIFY is transactional too: Postgres delivers it on commit, drops it on
 * rollback, and folds identical ones from one transaction into one.
 */
export async function enqueue(tx: Db, event: NewEvent): Promise<EventEnvelope> {
  const [envelope] = await enqueueAll(tx, [event]);
  return envelope!;
}

function envelopeOf(event: NewEvent): EventEnvelope {
  const occurredAt = event.occurred_at ?? new Date();
  return EventEnvelope.parse({
    event_id: event.event_id ?? randomUUID(),
    event_type: event.event_type,
    version: event.version ?? 1,
    occurred_at: typeof occurredAt === 'string' ? occurredAt : occurredAt.toISOString(),
    account_id: event.account_id,
    aggregate_type: event.aggregate_type,
    aggregate_id: event.aggregate_id,
    data: event.data,
  });
}

/**
 * `enqueue` for several events of one transaction, in order, in one statement: the rows and the
 * NOTIFY travel together (a round trip per event and another for the NOTIFY were a good part of a
 * busy service's statements).
 */
export async function enqueueAll(tx: Db, events: NewEvent[]): Promise<EventEnvelope[]> {
  if (events.length === 0) return [];
  const envelopes = events.map(envelopeOf);
  const rows = envelopes.map(
    (envelope, i) =>
      sql`(${envelope.event_id}::uuid, ${envelope.event_type}, ${events[i]!.routing_key ?? envelope.event_type}, ${envelope.version}::int, ${envelope.account_id}::uuid, ${envelope.aggregate_type}, ${envelope.aggregate_id}, ${JSON.stringify(envelope)}::jsonb, ${i}::int)`,
  );
  await tx.execute(sql`
    with queued as (
      insert into ${outboxEvents} (id, event_type, routing_key, version, account_id, aggregate_type, aggregate_id,
        payload, created_at, updated_at, next_attempt_at)
      select e.id, e.event_type, e.routing_key, e.version, e.account_id, e.aggregate_type, e.aggregate_id, e.payload,
        t.at, t.at, t.at
      from (values ${sql.join(rows, sql`, `)})
        as e (id, event_type, routing_key, version, account_id, aggregate_type, aggregate_id, payload, n),
        -- A microsecond apart in list order: the relay publishes by (next_attempt_at, created_at), and
        -- rows of one statement could otherwise tie on clock_timestamp() and go out of order.
        lateral (select clock_timestamp() + e.n * interval '1 microsecond' as at) t
      order by e.n
      returning id
    )
    select pg_notify(${OUTBOX_CHANNEL}, '') from (select 1 from queued limit 1) as any_queued`);
  return envelopes;
}
