import type { Db } from '../db';
import { processedEvents } from './tables';

export type RunOnceResult<T> = { ran: true; value: T } | { ran: false };

/**
 * Runs `fn` at most once per (consumer, eventId), for consumers of at-least-once deliveries.
 * The marker row is inserted first, in a savepoint of the caller's transaction (or a transaction
 * of its own when given a plain Db), so it commits together with `fn`'s writes and disappears
 * if `fn` throws. A concurrent duplicate delivery blocks on the marker's primary key until the
 * first commits, then sees the conflict and skips. Pass `fn` the handle it receives.
 */
export async function runOnce<T>(
  tx: Db,
  consumer: string,
  eventId: string,
  fn: (tx: Db) => Promise<T>,
): Promise<RunOnceResult<T>> {
  return tx.transaction(async (inner): Promise<RunOnceResult<T>> => {
    const inserted = await inner
      .insert(processedEvents)
      .values({ eventId, consumer })
      .onConflictDoNothing()
      .returning({ eventId: processedEvents.eventId });
    if (inserted.length === 0) return { ran: false };
    return { ran: true, value: await fn(inner) };
  });
}
