import { EventEnvelope, MessageCreatedData } from '@turumba/contracts';
import type { EventBus } from '@turumba/platform/bus';
import type { Logger } from '@turumba/platform/logger';
import type { Worker } from '../module-deps';
import type { Dispatcher } from './dispatch-message';

export const DISPATCH_QUEUE = 'messaging.dispatch';

export interface DispatchWorkerOptions {
  queue?: string;
  maxAttempts: number;
  prefetch?: number;
}

/**
 * Consumes `conversation.message.created` and sends what is for the customer: outbound,
 * non-private, still `queued` (agent and bot replies). Inbound messages, system activity and
 * private notes are acknowledged and never reach a provider.
 */
export async function startDispatchWorker(
  deps: { bus: EventBus; logger: Logger },
  dispatcher: Dispatcher,
  stopping: AbortController,
  options: DispatchWorkerOptions,
): Promise<Worker> {
  const subscription = await deps.bus.subscribe(
    {
      queue: options.queue ?? DISPATCH_QUEUE,
      patterns: ['conversation.message.created'],
      maxAttempts: options.maxAttempts,
      prefetch: options.prefetch,
    },
    async (delivery) => {
      const envelope = EventEnvelope.parse(delivery.payload);
      const { message } = MessageCreatedData.parse(envelope.data);
      if (message.direction !== 'outbound' || message.is_private || message.status !== 'queued') return;
      const isLast = delivery.attempt >= options.maxAttempts;
      const result = await dispatcher.dispatchMessage(
        message.account_id,
        message.id,
        delivery.attempt,
        isLast,
      );
      deps.logger.debug({ messageId: message.id, result, attempt: delivery.attempt }, 'dispatch attempt');
    },
  );
  return {
    name: 'dispatcher',
    async stop() {
      stopping.abort();
      await subscription.close();
    },
  };
}
