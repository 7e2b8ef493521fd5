import type { Delivery, LoggedEvent } from './delivery';

export type ReplayPlan =
  | { resyncRequired: true; lastSeq: number }
  | { resyncRequired: false; lastSeq: number; events: LoggedEvent[] };

/**
 * What a client that saw everything up to `afterSeq` missed: the logged events after it, or
 * `resyncRequired` when the log no longer reaches back that far (evicted, expired, or the counter
 * was reset below what the client saw).
 */
export function planReplay(
  log: { lastSeq: number; events: LoggedEvent[] },
  afterSeq: number,
  windowStart: number,
): ReplayPlan {
  const { lastSeq } = log;
  if (afterSeq > lastSeq) return { resyncRequired: true, lastSeq };
  if (afterSeq === lastSeq) return { resyncRequired: false, lastSeq, events: [] };
  const live = log.events.filter((event) => event.at >= windowStart);
  if (live[0] === undefined || live[0].seq > afterSeq + 1) return { resyncRequired: true, lastSeq };
  return { resyncRequired: false, lastSeq, events: live.filter((event) => event.seq > afterSeq) };
}

/** The deliveries of a logged event a socket of `namespace` in `socketRooms` would have received. */
export function deliveriesFor(event: LoggedEvent, namespace: string, socketRooms: Set<string>): Delivery[] {
  return event.deliveries.filter(
    (delivery) =>
      delivery.namespace === namespace &&
      delivery.rooms.some((room) => socketRooms.has(room)) &&
      !(delivery.except ?? []).some((room) => socketRooms.has(room)),
  );
}
