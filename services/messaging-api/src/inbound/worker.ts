import { EventEnvelope, WebhookInboundData } from '@turumba/contracts';
import type { EventBus } from '@turumba/platform/bus';
import type { Db } from '@turumba/platform/db';
import type { Logger } from '@turumba/platform/logger';
import { createGroupBatcher } from '../group-batcher';
import type { Worker } from '../module-deps';
import { countFailedAttempt, findInboundEvent, finishInboundEvent } from '../webhooks/inbound-events';
import type { InboundBatchProcessor, InboundJob } from './batch';
import type { InboundProcessor } from './process-inbound-event';

export interface InboundWorkerOptions {
  queue?: string;
  maxAttempts?: number;
  /** Deliveries in flight; default 64, so batches can fill under load. */
  prefetch?: number;
  /** Events per transaction at most (batch.ts); default 32. 1 turns batching off. */
  maxBatch?: number;
  /** Batches in flight at once (group-batcher.ts); default 2. */
  maxConcurrentBatches?: number;
}

export const INBOUND_QUEUE = 'messaging.inbound';

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Consumes `webhook.inbound.#`. A failed attempt is counted on the inbound event and thrown,
 * so the bus redelivers it with backoff; after the last attempt the event is marked failed
 * (and the bus dead-letters the message) so operators can find and replay it.
 */
export async function startInboundWorker(
  deps: { bus: EventBus; db: Db; logger: Logger; clock: () => Date },
  processor: InboundProcessor,
  options: InboundWorkerOptions = {},
  batchProcessor?: InboundBatchProcessor,
): Promise<Worker> {
  const maxAttempts = options.maxAttempts ?? 5;
  const maxBatch = options.maxBatch ?? 32;
  const batcher =
    batchProcessor && maxBatch > 1
      ? createGroupBatcher((jobs: InboundJob[]) => batchProcessor.process(jobs), {
          maxBatch,
          maxConcurrent: options.maxConcurrentBatches ?? 2,
        })
      : null;
  const subscription = await deps.bus.subscribe(
    {
      queue: options.queue ?? INBOUND_QUEUE,
      patterns: ['webhook.inbound.#'],
      maxAttempts,
      prefetch: options.prefetch ?? 64,
    },
    async (message) => {
      const envelope = EventEnvelope.parse(message.payload);
      const data = WebhookInboundData.parse(envelope.data);
      const accountId = envelope.account_id;
      if (!accountId) return;
      const isLastAttempt = message.attempt >= maxAttempts;
      try {
        const job = { accountId, inboundEventId: data.inbound_event_id, isLastAttempt };
        if (batcher) await batcher.submit(job);
        else await processor.processInboundEvent(accountId, data.inbound_event_id, isLastAttempt);
      } catch (err) {
        const row = await findInboundEvent(deps.db, accountId, data.inbound_event_id).catch(() => undefined);
        if (row) {
          await countFailedAttempt(deps.db, row, errorText(err), deps.clock()).catch(() => {});
          if (isLastAttempt) {
            await finishInboundEvent(
              deps.db,
              row,
              { status: 'failed', error: errorText(err) },
              deps.clock(),
            ).catch(() => {});
          }
        }
        deps.logger.warn(
          { err, inboundEventId: data.inbound_event_id, attempt: message.attempt },
          'inbound event failed; the bus will retry it',
        );
        throw err;
      }
    },
  );
  return { name: 'inbound worker', stop: () => subscription.close() };
}
