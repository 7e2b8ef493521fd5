import { EventEnvelope, SESSION_ENDED, SessionEndedData } from '@turumba/contracts';
import type { EventBus, Subscription } from '@turumba/platform/bus';
import type { Logger } from '@turumba/platform/logger';
import type { DeliverEvent } from './deliver-event';

export const consumedPatterns = ['conversation.#', 'agent.#', SESSION_ENDED];

/**
 * One durable queue shared by every instance: whichever instance takes an event emits it through
 * the Socket.IO adapter, which reaches the sockets of all instances (`auth.session.ended` closes
 * sockets instead, also on every instance). A redelivery after a failure
 * (log unreachable) waits with backoff; a payload that is not an envelope is dropped, not retried.
 */
export function startEventConsumer(
  bus: EventBus,
  options: { queue: string; logger: Logger },
  deliverEvent: DeliverEvent,
  endSession: (ended: SessionEndedData) => Promise<unknown>,
): Promise<Subscription> {
  return bus.subscribe(
    { queue: options.queue, patterns: consumedPatterns, maxAttempts: 10, prefetch: 64 },
    async (message) => {
      const envelope = EventEnvelope.safeParse(message.payload);
      if (!envelope.success) {
        options.logger.warn({ routingKey: message.routingKey, messageId: message.messageId }, 'not an event');
        return;
      }
      if (envelope.data.event_type === SESSION_ENDED) {
        const ended = SessionEndedData.safeParse(envelope.data.data);
        if (ended.success) await endSession(ended.data);
        else options.logger.warn({ eventId: envelope.data.event_id }, 'malformed auth.session.ended');
        return;
      }
      await deliverEvent(envelope.data);
    },
  );
}
