import type { ConversationStatus } from '@turumba/contracts';

/** ARCHITECTURE.md §5: the allowed status transitions. `closed` is terminal. */
export const allowedTransitions: Record<ConversationStatus, readonly ConversationStatus[]> = {
  open: ['bot', 'assigned', 'closed'],
  bot: ['open', 'assigned', 'closed'],
  assigned: ['open', 'pending', 'resolved', 'closed'],
  pending: ['assigned', 'resolved', 'closed'],
  resolved: ['open', 'closed'],
  closed: [],
};

export function canTransition(from: ConversationStatus, to: ConversationStatus): boolean {
  return allowedTransitions[from].includes(to);
}

/** Active conversations hold the (channel, contact) slot of the partial unique index. */
export function isActive(status: ConversationStatus): boolean {
  return status !== 'resolved' && status !== 'closed';
}

export type InboundEffect = { kind: 'append'; status: ConversationStatus } | { kind: 'start_new' };

/**
 * What a customer message does to the conversation it lands in: a resolved one reopens as
 * `open`, a pending one goes back to `assigned`, a closed one is left alone and a new
 * conversation starts; anything else keeps its status.
 */
export function onCustomerMessage(status: ConversationStatus): InboundEffect {
  switch (status) {
    case 'resolved':
      return { kind: 'append', status: 'open' };
    case 'pending':
      return { kind: 'append', status: 'assigned' };
    case 'closed':
      return { kind: 'start_new' };
    case 'open':
    case 'bot':
    case 'assigned':
      return { kind: 'append', status };
  }
}
