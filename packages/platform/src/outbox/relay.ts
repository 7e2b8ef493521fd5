import type { EventBus } from '../bus/types';
import type { Database } from '../db';
import type { Logger } from '../logger';
import { backoffDelayMs } from './backoff';
import { OUTBOX_CHANNEL } from './enqueue';
import {
  type ClaimedEvent,
  claimDueEvents,
  type FailedEvent,
  markFailed,
  markPublished,
} from './relay-store';

export interface OutboxRelayOptions {
  database: Database;
  bus: EventBus;
  logger: Logger;
  /** Events claimed and published per round. Default 100. */
  batchSize?: number;
  /** Safety-net poll, for lost NOTIFYs and due retries. Default 1000. */
  pollIntervalMs?: number;
  /** First retry delay after a failed publish; doubles per failure. Default 1000. */
  initialBackoffMs?: number;
  /** Cap of the retry delay. Default 60 000. */
  maxBackoffMs?: number;
  /** A publish not confirmed within this counts as failed. Default 10 000. */
  publishTimeoutMs?: number;
  /** How long a claim keeps other relays off a row; must exceed publishTimeoutMs. Default 3×. */
  leaseMs?: number;
  /** The time source (deps.clock); due times and backoff are computed from it. */
  clock?: () => Date;
}

export interface OutboxRelay {
  /** LISTENs for new events, starts the poll, and publishes the backlog. */
  start(): Promise<void>;
  /** Stops waking up and waits for the batch in flight. */
  stop(): Promise<void>;
  /** Publishes every event due now, in batches; resolves with how many were published. */
  flush(): Promise<number>;
}

function withTimeout(promise: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`publish not confirmed within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Publishes committed outbox rows to the bus (messageId = event_id; the bus publishes persistent
 * and resolves on the broker's confirm) and marks them published. Rows are only marked after the
 * confirm, so a broker outage loses nothing: failed rows are retried with capped exponential
 * backoff. Duplicates are possible (crash between confirm and mark); consumers dedupe.
 */
export function createOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const { database, bus, logger } = options;
  const batchSize = options.batchSize ?? 100;
  const pollIntervalMs = options.pollIntervalMs ?? 1_000;
  const backoff = {
    initialBackoffMs: options.initialBackoffMs ?? 1_000,
    maxBackoffMs: options.maxBackoffMs ?? 60_000,
  };
  const publishTimeoutMs = options.publishTimeoutMs ?? 10_000;
  const leaseMs = options.leaseMs ?? publishTimeoutMs * 3;
  const clock = options.clock ?? (() => new Date());

  let started = false;
  let stopped = false;
  let pending = false;
  let running: Promise<void> | undefined;
  let pollTimer: NodeJS.Timeout | undefined;
  let unlisten: (() => Promise<void>) | undefined;

  async function publishBatch(): Promise<{ claimed: number; published: number }> {
    const now = clock();
    const claimed = await claimDueEvents(database.db, now, batchSize, new Date(now.getTime() + leaseMs));
    if (claimed.length === 0) return { claimed: 0, published: 0 };
    // Started in order on one channel, so the broker sees them in order; confirms overlap.
    const results = await Promise.allSettled(
      claimed.map((event) =>
        withTimeout(bus.publish(event.routingKey, event.payload, { messageId: event.id }), publishTimeoutMs),
      ),
    );
    const doneAt = clock();
    const published: string[] = [];
    const failed: FailedEvent[] = [];
    for (const [index, result] of results.entries()) {
      const event = claimed[index] as ClaimedEvent;
      if (result.status === 'fulfilled') {
        published.push(event.id);
        continue;
      }
      const attempts = event.attempts + 1;
      failed.push({
        id: event.id,
        attempts,
        nextAttemptAt: new Date(doneAt.getTime() + backoffDelayMs(attempts, backoff)),
        error: result.reason instanceof Error ? result.reason.message : String(result.reason),
      });
    }
    if (published.length > 0) await markPublished(database.db, published, doneAt);
    if (failed.length > 0) {
      await markFailed(database.db, failed, doneAt);
      logger.warn({ failed: failed.length, error: failed[0]?.error }, 'outbox publish failed; will retry');
    }
    return { claimed: claimed.length, published: published.length };
  }

  async function flush(): Promise<number> {
    let total = 0;
    for (;;) {
      const { claimed, published } = await publishBatch();
      total += published;
      if (claimed < batchSize) return total;
    }
  }

  async function drain(): Promise<void> {
    while (pending && !stopped) {
      pending = false;
      try {
        // A full batch means there is probably more; go again without waiting for a wake-up.
        if ((await publishBatch()).claimed >= batchSize) pending = true;
      } catch (err) {
        logger.error({ err }, 'outbox relay round failed; retrying on the next poll');
      }
    }
  }

  /** Coalesces NOTIFYs and poll ticks: at most one round runs, and one more is queued. */
  function wake(): void {
    pending = true;
    if (running || stopped) return;
    running = drain().finally(() => {
      running = undefined;
      if (pending) wake();
    });
  }

  return {
    async start() {
      if (started) return;
      started = true;
      unlisten = await database.listen(OUTBOX_CHANNEL, wake);
      pollTimer = setInterval(wake, pollIntervalMs);
      pollTimer.unref();
      wake();
    },
    async stop() {
      stopped = true;
      clearInterval(pollTimer);
      await unlisten?.().catch(() => {});
      await running;
    },
    flush,
  };
}
