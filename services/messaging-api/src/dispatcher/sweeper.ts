import type { Db } from '@turumba/platform/db';
import type { Logger } from '@turumba/platform/logger';
import type { Worker } from '../module-deps';
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
): Worker & { sweepNow(): Promise<number> } {
  const intervalMs = options.intervalMs ?? Math.max(1_000, Math.floor(options.leaseMs / 4));
  const batch = options.batch ?? 100;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let stopped = false;

  async function sweepAll(): Promise<number> {
    let total = 0;
    for (;;) {
      const { requeued, failed } = await sweepStuckSends(deps.db, {
        now: deps.clock(),
        leaseMs: options.leaseMs,
        maxRecoveries: options.maxRecoveries,
        batch,
      });
      const handled = requeued.length + failed.length;
      total += handled;
      if (handled > 0) {
        deps.logger.warn(
          { requeued: requeued.map((m) => m.id), failed: failed.map((m) => m.id) },
          'outbound messages stuck in sending recovered',
        );
      }
      if (handled < batch || stopped) return total;
    }
  }

  function sweepNow(): Promise<number> {
    running ??= sweepAll().finally(() => {
      running = undefined;
    });
    return running;
  }

  function schedule() {
    if (stopped) return;
    timer = setTimeout(() => {
      sweepNow()
        .catch((err: unknown) => deps.logger.error({ err }, 'send sweeper round failed'))
        .finally(schedule);
    }, intervalMs);
    timer.unref();
  }
  schedule();

  return {
    name: 'send sweeper',
    sweepNow,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running?.catch(() => 0);
    },
  };
}
