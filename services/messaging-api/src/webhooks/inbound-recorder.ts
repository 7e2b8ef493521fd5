import type { Db } from '@turumba/platform/db';
import { createGroupBatcher } from '../group-batcher';
import { type NewInboundEvent, recordInboundEvents } from './inbound-events';

export interface InboundRecorderOptions {
  /** Transactions in flight at once (each holds a pool connection). Default 4. */
  maxConcurrent?: number;
  /** Webhooks per transaction at most. Default 100. */
  maxBatch?: number;
}

/**
 * Group commit for the webhook receiver. Each webhook must be durable before its 200, and a
 * commit costs a WAL flush (milliseconds on real disks) plus a pool connection. Requests that
 * arrive while `maxConcurrent` transactions are already in flight wait and then go together in
 * the next transaction (group-batcher.ts), so under load one flush acknowledges many webhooks and
 * the receiver needs few connections; with no backlog a webhook is written at once, alone.
 * A failing batch is retried one webhook at a time, so one bad row cannot fail its neighbours.
 */
export function createInboundRecorder(db: Db, clock: () => Date, options: InboundRecorderOptions = {}) {
  async function write(events: NewInboundEvent[]): Promise<PromiseSettledResult<boolean>[]> {
    try {
      const fresh = await recordInboundEvents(db, events, clock());
      return events.map((e) => ({ status: 'fulfilled', value: fresh.has(e.id) }));
    } catch (reason) {
      if (events.length === 1) return [{ status: 'rejected', reason }];
      const results: PromiseSettledResult<boolean>[] = [];
      for (const event of events) results.push(...(await write([event])));
      return results;
    }
  }
  const batcher = createGroupBatcher(write, {
    maxBatch: options.maxBatch ?? 100,
    maxConcurrent: options.maxConcurrent ?? 4,
  });

  return {
    /** Resolves once the webhook is committed, with whether it was new (not a provider retry). */
    record: (event: NewInboundEvent): Promise<boolean> => batcher.submit(event),
  };
}
export type InboundRecorder = ReturnType<typeof createInboundRecorder>;
