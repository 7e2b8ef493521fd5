import type { Socket } from 'socket.io';
import type { EventLog } from '../events/event-log';
import { deliveriesFor, planReplay } from '../events/replay';
import { type Ack, fail, ok } from '../sockets/acks';

/**
 * `sync {account_id, after_seq}`: acks `{resync_required: false, events, last_seq}` with, in
 * order, every logged event of the account after `after_seq` that this socket would have
 * received (same namespace, a room it is in now: private notes only on `/agents`); or
 * `{resync_required: true, last_seq}` when the log does not reach back that far.
 */
export function createReplay(deps: { log: EventLog; windowMs: number; now?: () => number }) {
  const now = deps.now ?? Date.now;
  return async function replayMissed(
    socket: Socket,
    allowedAccounts: string[],
    request: { account_id: string; after_seq: number },
  ): Promise<Ack> {
    if (!allowedAccounts.includes(request.account_id)) return fail('not_found', 'Account not found');
    const log = await deps.log.read(request.account_id);
    const plan = planReplay(log, request.after_seq, now() - deps.windowMs);
    if (plan.resyncRequired) return ok({ resync_required: true, last_seq: plan.lastSeq });
    const events = plan.events.flatMap((event) =>
      deliveriesFor(event, socket.nsp.name, socket.rooms).map((delivery) => ({
        event: delivery.event,
        payload: { ...delivery.payload, seq: event.seq },
      })),
    );
    return ok({ resync_required: false, events, last_seq: plan.lastSeq });
  };
}
export type ReplayMissed = ReturnType<typeof createReplay>;
