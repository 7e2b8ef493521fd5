import type { Db } from '@turumba/platform/db';
import type { Logger } from '@turumba/platform/logger';
import { enqueue } from '@turumba/platform/outbox';
import { and, asc, eq, lt } from 'drizzle-orm';
import { type PeriodicSweep, startPeriodicSweep } from '../sweeps/periodic-sweep';
import { inboundEnvelope } from '../webhooks/inbound-events';
import { inboundEvents } from '../webhooks/tables';

/**
 * Queues `webhook.inbound.<type>` again for up to `batch` stored webhooks still `received` after
 * `staleMs` (oldest first), in one transaction, and stamps them so the next round waits another
 * `staleMs`. Such a webhook lost its bus message: it was dead-lettered while the database was
 * unreachable (so its last attempt could not mark it failed), or published to a broker that lost
 * it. Processing is idempotent (a row that is no longer `received` is skipped, and the work is
 * guarded by runOnce), so a webhook that was merely slow is not stored twice.
 * `FOR UPDATE SKIP LOCKED` lets every instance run this at once. Returns the webhook ids.
 */
export async function redriveStaleInboundEvents(
  db: Db,
  options: { now: Date; staleMs: number; batch: number },
): Promise<string[]> {
  const cutoff = new Date(options.now.getTime() - options.staleMs);
  return db.transaction(async (tx) => {
    const stale = await tx
      .select({
        id: inboundEvents.id,
        accountId: inboundEvents.accountId,
        channelId: inboundEvents.channelId,
        channelType: inboundEvents.channelType,
      })
      .from(inboundEvents)
      .where(and(eq(inboundEvents.status, 'received'), lt(inboundEvents.updatedAt, cutoff)))
      .orderBy(asc(inboundEvents.updatedAt))
      .limit(options.batch)
      .for('update', { skipLocked: true });
    for (const row of stale) {
      const envelope = inboundEnvelope(row, options.now);
      await enqueue(tx, { ...envelope, occurred_at: options.now });
      await tx
        .update(inboundEvents)
        .set({ updatedAt: options.now })
        .where(and(eq(inboundEvents.id, row.id), eq(inboundEvents.accountId, row.accountId)));
    }
    return stale.map((row) => row.id);
  });
}

export interface InboundRedriveOptions {
  /** A webhook still unprocessed this long after it was stored (or last re-driven) is re-driven. */
  staleMs: number;
  /** Pause between rounds. Default a quarter of `staleMs`, at least 1 s. */
  intervalMs?: number;
  /** Webhooks per transaction. Default 100. */
  batch?: number;
}

/** Runs `redriveStaleInboundEvents` periodically (every instance may: SKIP LOCKED). */
export function startInboundRedrive(
  deps: { db: Db; logger: Logger; clock: () => Date },
  options: InboundRedriveOptions,
): PeriodicSweep {
  return startPeriodicSweep(deps.logger, {
    name: 'inbound re-drive',
    intervalMs: options.intervalMs ?? Math.max(1_000, Math.floor(options.staleMs / 4)),
    batch: options.batch ?? 100,
    async round(batch) {
      const ids = await redriveStaleInboundEvents(deps.db, {
        now: deps.clock(),
        staleMs: options.staleMs,
        batch,
      });
      if (ids.length > 0) deps.logger.warn({ inboundEventIds: ids }, 'unprocessed webhooks queued again');
      return ids.length;
    },
  });
}
