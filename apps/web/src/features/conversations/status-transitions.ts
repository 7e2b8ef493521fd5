import type { ConversationStatus } from '@turumba/contracts';

/** ARCHITECTURE.md §5: the status machine, as the UI offers it. `closed` is terminal. */
export const allowedTransitions: Record<ConversationStatus, readonly ConversationStatus[]> = {
  open: ['bot', 'assigned', 'closed'],
  bot: ['open', 'assigned', 'closed'],
  assigned: ['open', 'pending', 'resolved', 'closed'],
  pending: ['assigned', 'resolved', 'closed'],
  resolved: ['open', 'closed'],
  closed: [],
};

export const canTransition = (from: ConversationStatus, to: ConversationStatus) =>
  allowedTransitions[from].includes(to);

export interface StatusAction {
  to: ConversationStatus;
  label: string;
}

/**
 * The status buttons of a conversation: resolve, pending, reopen and close where the machine
 * allows them (`assigned` is reached by assigning, and `bot` only by routing).
 */
export function statusActions(status: ConversationStatus): StatusAction[] {
  const actions: StatusAction[] = [];
  if (canTransition(status, 'resolved')) actions.push({ to: 'resolved', label: 'Resolve' });
  if (canTransition(status, 'pending')) actions.push({ to: 'pending', label: 'Mark pending' });
  if (status === 'resolved') actions.push({ to: 'open', label: 'Reopen' });
  if (status === 'pending') actions.push({ to: 'assigned', label: 'Back to assigned' });
  if (canTransition(status, 'closed')) actions.push({ to: 'closed', label: 'Close' });
  return actions;
}
