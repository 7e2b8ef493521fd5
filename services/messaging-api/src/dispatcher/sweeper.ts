import type { Db } from '@turumba/platform/db';
import type { Logger } from '@turumba/platform/logger';
import { type PeriodicSweep, startPeriodicSweep } from '../sweeps/periodic-sweep';
import { sweepStuckSends } from './stuck-sends';

export interface SendSweeperOptions {
  /** A `sending` message older than this is stuck: the dispatcher's claim lease. */
  leaseMs: number;
  /** Interrupted sends before the message is marked failed (DISPATCH_MAX_ATTEMPTS). */
  maxRecoveries: number;
  /** Pause between rounds. Default a quarter of the lease, at least 1 s. */
  intervalMs?: number;
  /** Rows per transaction. Default 100. */
  batch?: number;
}

/**
 * Puts outbound messages stuck in `sending` (their dispatcher died mid-send) back to `queued`
 * and asks the dispatcher to send them again, or fails them after too many interruptions
 * (stuck-sends.ts). Safe to run on every instance: rows are taken with SKIP LOCKED.
 */
export function startSendSweeper(
  deps: { db: Db; logger: Logger; clock: () => Date },
  options: SendSweeperOptions,
): PeriodicSweep {
  return startPeriodicSweep(deps.logger, {
    name: 'send sweeper',
    intervalMs: options.intervalMs ?? Math.max(1_000, Math.floor(options.leaseMs / 4)),
    batch: options.batch ?? 100,
    async round(batch) {
      const { requeued, failed } = await sweepStuckSends(deps.db, {
        now: deps.clock(),
        leaseMs: options.leaseMs,
        maxRecoveries: options.maxRecoveries,
        batch,
      });
      if (requeued.length + failed.length > 0) {
        deps.logger.warn(
          { requeued: requeued.map((m) => m.id), failed: failed.map((m) => m.id) },
          'outbound messages stuck in sending recovered',
        );
      }
      return requeued.length + failed.length;
    },
  });
}
