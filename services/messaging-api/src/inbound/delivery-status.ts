import type { MessageStatus } from '@turumba/contracts';
import type { DeliveryStatus } from '../channels/adapters';

const progress: Record<MessageStatus, number> = {
  queued: 0,
  sending: 0,
  sent: 1,
  delivered: 2,
  read: 3,
  failed: 0,
};

/**
 * Receipts arrive late, twice and out of order; the status only moves forward
 * (sent < delivered < read). `failed` is terminal, and only a message the customer has not
 * received yet can fail. Returns the new status, or null when the receipt changes nothing.
 */
export function nextDeliveryStatus(current: MessageStatus, receipt: DeliveryStatus): MessageStatus | null {
  if (current === 'failed') return null;
  if (receipt === 'failed') return progress[current] <= progress.sent ? 'failed' : null;
  return progress[receipt] > progress[current] ? receipt : null;
}

/** The delivery timestamps a status implies (read implies delivered implies sent); existing ones stay. */
export function reachedTimestamps(status: MessageStatus): Array<'sentAt' | 'deliveredAt' | 'readAt'> {
  const reached = progress[status];
  if (status === 'failed') return [];
  return (['sentAt', 'deliveredAt', 'readAt'] as const).filter((_, index) => reached >= index + 1);
}
