import type { Logger } from '@turumba/platform/logger';
import type { Worker } from '../module-deps';

export interface PeriodicSweepOptions {
  /** Names the worker and its log lines. */
  name: string;
  /** Pause between rounds. */
  intervalMs: number;
  /** Rows a round may take; a full round is followed by another at once. */
  batch: number;
  /** One round over at most `batch` rows; returns how many it handled. */
  round: (batch: number) => Promise<number>;
}

export type PeriodicSweep = Worker & { sweepNow(): Promise<number> };

/**
 * Runs `round` every `intervalMs`, repeating at once while rounds come back full, never two at a
 * time in this process (rounds take their rows with SKIP LOCKED, so instances may overlap).
 * A failed round is logged and the next one runs on schedule; `stop` waits for a running round.
 */
export function startPeriodicSweep(logger: Logger, options: PeriodicSweepOptions): PeriodicSweep {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let stopped = false;

  async function sweepAll(): Promise<number> {
    let total = 0;
    for (;;) {
      const handled = await options.round(options.batch);
      total += handled;
      if (handled < options.batch || stopped) return total;
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
        .catch((err: unknown) => logger.error({ err }, `${options.name} round failed`))
        .finally(schedule);
    }, options.intervalMs);
    timer.unref();
  }
  schedule();

  return {
    name: options.name,
    sweepNow,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running?.catch(() => 0);
    },
  };
}
