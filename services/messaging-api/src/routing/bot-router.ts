import { EventEnvelope, MessageCreatedData } from '@turumba/contracts';
import type { EventBus } from '@turumba/platform/bus';
import type { Logger } from '@turumba/platform/logger';
import type { Worker } from '../module-deps';
import type { RoutingService } from './service';

export const BOT_ROUTER_QUEUE = 'messaging.bot-router';

/**
 * Consumes `conversation.message.created`; customer messages of conversations nobody holds go
 * through the rules and to an agent or the queue. Deduped per event (runOnce), so a redelivery
 * never replies or assigns twice.
 */
export async function startBotRouter(
  deps: { bus: EventBus; logger: Logger; routing: RoutingService },
  options: { queue?: string; maxAttempts?: number; prefetch?: number } = {},
): Promise<Worker> {
  const subscription = await deps.bus.subscribe(
    {
      queue: options.queue ?? BOT_ROUTER_QUEUE,
      patterns: ['conversation.message.created'],
      maxAttempts: options.maxAttempts,
      // Routings that queue wait on their team queue's lock holding a pooled connection: a few at
      // a time per process, so they never take the connections the inbound worker needs.
      prefetch: options.prefetch ?? 4,
    },
    async (delivery) => {
      const envelope = EventEnvelope.parse(delivery.payload);
      const result = await deps.routing.routeMessage(
        envelope.event_id,
        MessageCreatedData.parse(envelope.data),
      );
      if (result) deps.logger.debug({ eventId: envelope.event_id, result }, 'bot router');
    },
  );
  return { name: 'bot router', stop: () => subscription.close() };
}
