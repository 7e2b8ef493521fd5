import type { Logger } from '../logger';

export type Closer = () => Promise<void> | void;

/**
 * Runs closers in order (HTTP first so no new work arrives, then consumers, then pools),
 * each bounded in time so one stuck dependency cannot hold shutdown forever.
 */
export async function closeInOrder(closers: Array<[string, Closer]>, logger: Logger, timeoutMs = 10_000) {
  for (const [name, close] of closers) {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        Promise.resolve().then(close),
        new Promise((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`${name} did not close within ${timeoutMs} ms`)),
            timeoutMs,
          );
        }),
      ]);
    } catch (err) {
      logger.error({ err, component: name }, 'error while closing');
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Calls `shutdown` once on SIGINT/SIGTERM, then exits. */
export function onShutdownSignal(shutdown: () => Promise<void>, logger: Logger) {
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    shutdown()
      .then(() => process.exit(0))
      .catch((err) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
}
