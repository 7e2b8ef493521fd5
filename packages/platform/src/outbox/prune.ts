import { and, isNotNull, lt } from 'drizzle-orm';
import type { Db } from '../db';
import { outboxEvents, processedEvents } from './tables';

/*
 * Both tables only grow. A periodic job deletes what is old enough: published outbox rows are
 * history, and a dedupe marker is only needed while a redelivery of its event is still possible.
 * Keep processed_events markers longer than the bus can redeliver (days, not minutes).
 */

/** Deletes outbox rows published before `before`; returns how many. */
export async function prunePublishedOutboxEvents(db: Db, before: Date): Promise<number> {
  const deleted = await db
    .delete(outboxEvents)
    .where(and(isNotNull(outboxEvents.publishedAt), lt(outboxEvents.publishedAt, before)))
    .returning({ id: outboxEvents.id });
  return deleted.length;
}

/** Deletes dedupe markers written before `before`; returns how many. */
export async function pruneProcessedEvents(db: Db, before: Date): Promise<number> {
  const deleted = await db
    .delete(processedEvents)
    .where(lt(processedEvents.createdAt, before))
    .returning({ eventId: processedEvents.eventId });
  return deleted.length;
}
