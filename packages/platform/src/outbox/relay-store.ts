import type { EventEnvelope } from '@turumba/contracts';
import { and, asc, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
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
 * Claims up to `limit` due, unpublished events by pushing their next_attempt_at to `leaseUntil`.
 * SKIP LOCKED lets concurrent relays take disjoint rows without waiting on each other, and the
 * lease keeps the rows away from other relays after this short transaction commits, while the
 * claimer publishes without holding locks or a connection. A relay that dies mid-publish just
 * lets the lease run out; the rows are then published again (at-least-once).
 */
export function claimDueEvents(db: Db, now: Date, limit: number, leaseUntil: Date): Promise<ClaimedEvent[]> {
  return db.transaction(async (tx) => {
    const due = await tx
      .select({
        id: outboxEvents.id,
        routingKey: outboxEvents.routingKey,
        payload: outboxEvents.payload,
        attempts: outboxEvents.attempts,
      })
      .from(outboxEvents)
      // Due by the caller's clock or the database's: rows are stamped by the database
      // (clock_timestamp(), microseconds), and a relay woken by their commit's NOTIFY within the
      // same millisecond would otherwise find them "not yet due" by its own millisecond clock (or by
      // a clock running behind the database's) and leave them to the next poll.
      .where(
        and(
          isNull(outboxEvents.publishedAt),
          lte(
            outboxEvents.nextAttemptAt,
            sql`greatest(${now.toISOString()}::timestamptz, statement_timestamp())`,
          ),
        ),
      )
      .orderBy(asc(outboxEvents.nextAttemptAt), asc(outboxEvents.createdAt))
      .limit(limit)
      .for('update', { skipLocked: true });
    if (due.length === 0) return [];
    const ids = due.map((event) => event.id);
    await tx
      .update(outboxEvents)
      .set({ nextAttemptAt: leaseUntil, updatedAt: now })
      .where(inArray(outboxEvents.id, ids));
    return due;
  });
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
