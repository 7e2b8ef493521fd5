import type { EventEnvelope } from '@turumba/contracts';
import type { Logger } from '@turumba/platform/logger';
import type { Emit } from '../io/emit';
import type { EventLog } from './event-log';
import { routeEvent } from './router';

export interface DeliverDeps {
  log: EventLog;
  emit: Emit;
  logger: Logger;
}

/**
 * Routes a domain event, numbers it in its account's log (which also drops a redelivered event
 * id), then emits every delivery with that `seq`. Typing is emitted unnumbered and not logged.
 * Throws when the log is unreachable, so the bus redelivers later.
 */
export function createDeliverEvent(deps: DeliverDeps) {
  return async function deliverEvent(envelope: EventEnvelope): Promise<void> {
    const routed = routeEvent(envelope);
    if (!routed.ok) {
      deps.logger.warn({ eventId: envelope.event_id, reason: routed.reason }, 'event not routable; dropped');
      return;
    }
    const numbered = routed.deliveries.filter((delivery) => !delivery.ephemeral);
    let seq: number | null = null;
    if (numbered.length > 0) {
      seq = await deps.log.append(routed.accountId, envelope.event_id, numbered);
      if (seq === null) return; // already delivered
    }
    for (const delivery of routed.deliveries) {
      deps.emit(delivery, delivery.ephemeral ? delivery.payload : { ...delivery.payload, seq });
    }
  };
}
export type DeliverEvent = ReturnType<typeof createDeliverEvent>;
