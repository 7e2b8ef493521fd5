import type { Server } from 'socket.io';
import type { Delivery } from '../events/delivery';

export type Emit = (delivery: Delivery, payload: Record<string, unknown>) => void;

/**
 * Emits through the adapter, so sockets on every instance in the rooms receive it. Typing is not
 * sent `volatile`: that drops a packet whenever the client's transport is busy with another one,
 * which loses `typing:stop` too; slow clients are bounded by the slow-client guard instead.
 */
export function createEmit(io: Server): Emit {
  return (delivery, payload) => {
    io.of(delivery.namespace)
      .to(delivery.rooms)
      .except(delivery.except ?? [])
      .emit(delivery.event, payload);
  };
}
