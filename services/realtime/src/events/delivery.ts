import type { ServerEventName, SocketNamespace } from '@turumba/contracts';

export type NamespaceName = (typeof SocketNamespace)[keyof typeof SocketNamespace];

/** What every payload carries from its envelope (`seq` is added when numbered). */
export type EventMeta = { event_id: string; account_id: string; occurred_at: string };

/** One emit: `io.of(namespace).to(rooms).except(except).emit(event, payload)`. */
export interface Delivery {
  namespace: NamespaceName;
  rooms: string[];
  event: ServerEventName;
  /** Without `seq`: it is added when the event is numbered. */
  payload: Record<string, unknown>;
  except?: string[];
  /** Typing: not numbered, not logged (so not replayed by `sync`). */
  ephemeral?: boolean;
}

/** What the router decided for one bus event. */
export type RouteResult =
  | { ok: true; accountId: string; deliveries: Delivery[] }
  | { ok: false; reason: string };

/** A numbered event as the per-account log keeps it. */
export interface LoggedEvent {
  seq: number;
  /** Epoch ms when it was logged. */
  at: number;
  deliveries: Delivery[];
}
