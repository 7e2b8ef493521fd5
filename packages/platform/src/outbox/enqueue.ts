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
  const occurredAt = event.occurred_at ?? new Date();
  const envelope = EventEnvelope.parse({
    event_id: event.event_id ?? randomUUID(),
    event_type: event.event_type,
    version: event.version ?? 1,
    occurred_at: typeof occurredAt === 'string' ? occurredAt : occurredAt.toISOString(),
    account_id: event.account_id,
    aggregate_type: event.aggregate_type,
    aggregate_id: event.aggregate_id,
    data: event.data,
  });
  await tx.insert(outboxEvents).values({
    id: envelope.event_id,
    eventType: envelope.event_type,
    routingKey: event.routing_key ?? envelope.event_type,
    version: envelope.version,
    accountId: envelope.account_id,
    aggregateType: envelope.aggregate_type,
    aggregateId: envelope.aggregate_id,
    payload: envelope,
  });
  await tx.execute(sql`select pg_notify(${OUTBOX_CHANNEL}, '')`);
  return envelope;
}
