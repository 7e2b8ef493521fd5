import type { EventEnvelope } from '@turumba/contracts';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { outboxEvents } from './tables';

export interface ClaimedEvent {
  id: string;
  routingKey: string;
  payload: EventEnvelope;
  attempts: number;
}

export interface FailedEvent {
  id: string;
  attempts: number;
  nextAttemptAt: Date;
  error: string;
}

/**
 * Claims up to `limit` due, unpublished events by pushing their next_attempt_at to `leaseUntil`,
 * in one statement (its own short transaction: one round trip and one commit, where a
 * select-then-update transaction took four round trips). SKIP LOCKED lets concurrent relays take
 * disjoint rows without waiting on each other, and the lease keeps the rows away from other relays
 * after the statement commits, while the claimer publishes without holding locks or a connection.
 * A relay that dies mid-publish just lets the lease run out; the rows are then published again
 * (at-least-once). Returned in due order (next_attempt_at as it was, then created_at).
 */
export async function claimDueEvents(
  db: Db,
  now: Date,
  limit: number,
  leaseUntil: Date,
): Promise<ClaimedEvent[]> {
  const o = outboxEvents;
  // Due by the caller's clock or the database's: rows are stamped by the database
  // (clock_timestamp(), microseconds), and a relay woken by their commit's NOTIFY within the same
  // millisecond would otherwise find them "not yet due" by its own millisecond clock (or by a
  // clock running behind the database's) and leave them to the next poll.
  const result = (await db.execute(sql`
    with due as (
      select ${o.id} as id, ${o.nextAttemptAt} as due_at, ${o.createdAt} as created_at
      from ${o}
      where ${o.publishedAt} is null
        and ${o.nextAttemptAt} <= greatest(${now.toISOString()}::timestamptz, statement_timestamp())
      order by ${o.nextAttemptAt}, ${o.createdAt}
      limit ${limit}
      for update skip locked
    ), leased as (
      update ${o} set next_attempt_at = ${leaseUntil.toISOString()}::timestamptz,
        updated_at = ${now.toISOString()}::timestamptz
      from due where ${o.id} = due.id
      returning ${o.id} as id, ${o.routingKey} as routing_key, ${o.payload} as payload,
        ${o.attempts} as attempts, due.due_at, due.created_at
    )
    select id, routing_key, payload, attempts from leased order by due_at, created_at`)) as unknown as {
    rows: { id: string; routing_key: string; payload: EventEnvelope | string; attempts: number }[];
  };
  return result.rows.map((row) => ({
    id: row.id,
    routingKey: row.routing_key,
    payload: typeof row.payload === 'string' ? (JSON.parse(row.payload) as EventEnvelope) : row.payload,
    attempts: Number(row.attempts),
  }));
}

export async function markPublished(db: Db, ids: string[], now: Date): Promise<void> {
  await db
    .update(outboxEvents)
    .set({ publishedAt: now, updatedAt: now, lastError: null })
    .where(inArray(outboxEvents.id, ids));
}

export async function markFailed(db: Db, failures: FailedEvent[], now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    for (const failure of failures) {
      await tx
        .update(outboxEvents)
        .set({
          attempts: failure.attempts,
          nextAttemptAt: failure.nextAttemptAt,
          lastError: failure.error.slice(0, 2_000),
          updatedAt: now,
        })
        .where(and(eq(outboxEvents.id, failure.id), isNull(outboxEvents.publishedAt)));
    }
  });
}
