import { EventEnvelope, MessageCreatedData } from '@turumba/contracts';
import type { EventBus } from '@turumba/platform/bus';
import type { Logger } from '@turumba/platform/logger';
import { z } from 'zod';
import type { Worker } from '../module-deps';
import type { Dispatcher } from './dispatch-message';
import { DISPATCH_REQUESTED } from './stuck-sends';

export const DISPATCH_QUEUE = 'messaging.dispatch';

export interface DispatchWorkerOptions {
  queue?: string;
  maxAttempts: number;
  prefetch?: number;
}

const DispatchRequested = z.object({ message_id: z.uuid() });

/** The message an event asks to send, if any (the claim re-checks everything in the database). */
function dispatchTarget(envelope: EventEnvelope): { accountId: string; messageId: string } | undefined {
  if (envelope.event_type === DISPATCH_REQUESTED) {
    const data = DispatchRequested.safeParse(envelope.data);
    if (!data.success || !envelope.account_id) return undefined;
    return { accountId: envelope.account_id, messageId: data.data.message_id };
  }
  const { message } = MessageCreatedData.parse(envelope.data);
  if (message.direction !== 'outbound' || message.is_private || message.status !== 'queued') return undefined;
  return { accountId: message.account_id, messageId: message.id };
}

/**
 * Consumes `conversation.message.created` and sends what is for the customer: outbound,
 * non-private, still `queued` (agent and bot replies). Inbound messages, system activity and
 * private notes are acknowledged and never reach a provider. Also consumes the sweeper's
 * `outbound.dispatch.requested` (a message whose previous send was interrupted).
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
      patterns: ['conversation.message.created', DISPATCH_REQUESTED],
      maxAttempts: options.maxAttempts,
      prefetch: options.prefetch,
    },
    async (delivery) => {
      const target = dispatchTarget(EventEnvelope.parse(delivery.payload));
      if (!target) return;
      const isLast = delivery.attempt >= options.maxAttempts;
      const result = await dispatcher.dispatchMessage(
        target.accountId,
        target.messageId,
        delivery.attempt,
        isLast,
      );
      deps.logger.debug(
        { messageId: target.messageId, result, attempt: delivery.attempt },
        'dispatch attempt',
      );
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
