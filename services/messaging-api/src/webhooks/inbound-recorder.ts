import type { Db } from '@turumba/platform/db';
import { type NewInboundEvent, recordInboundEvents } from './inbound-events';

export interface InboundRecorderOptions {
  /** Transactions in flight at once (each holds a pool connection). Default 4. */
  maxConcurrent?: number;
  /** Webhooks per transaction at most. Default 100. */
  maxBatch?: number;
}

interface Pending {
  event: NewInboundEvent;
  resolve(isNew: boolean): void;
  reject(err: unknown): void;
}

/**
 * Group commit for the webhook receiver. Each webhook must be durable before its 200, and a
 * commit costs a WAL flush (milliseconds on real disks) plus a pool connection. Requests that
 * arrive while `maxConcurrent` transactions are already in flight wait and then go together in
 * the next transaction, so under load one flush acknowledges many webhooks and the receiver
 * needs few connections; with no backlog a webhook is written at once, alone (no added delay).
 * A failing batch is retried one webhook at a time, so one bad row cannot fail its neighbours.
 */
export function createInboundRecorder(db: Db, clock: () => Date, options: InboundRecorderOptions = {}) {
  const maxConcurrent = options.maxConcurrent ?? 4;
  const maxBatch = options.maxBatch ?? 100;
  const waiting: Pending[] = [];
  let inFlight = 0;

  async function write(batch: Pending[]): Promise<void> {
    try {
      const fresh = await recordInboundEvents(
        db,
        batch.map((p) => p.event),
        clock(),
      );
      for (const p of batch) p.resolve(fresh.has(p.event.id));
    } catch (err) {
      if (batch.length === 1) return batch[0]!.reject(err);
      for (const p of batch) await write([p]);
    }
  }

  function pump(): void {
    while (inFlight < maxConcurrent && waiting.length > 0) {
      const batch = waiting.splice(0, maxBatch);
      inFlight++;
      void write(batch).finally(() => {
        inFlight--;
        pump();
      });
    }
  }

  return {
    /** Resolves once the webhook is committed, with whether it was new (not a provider retry). */
    record(event: NewInboundEvent): Promise<boolean> {
      return new Promise<boolean>((resolve, reject) => {
        waiting.push({ event, resolve, reject });
        pump();
      });
    },
  };
}
export type InboundRecorder = ReturnType<typeof createInboundRecorder>;
