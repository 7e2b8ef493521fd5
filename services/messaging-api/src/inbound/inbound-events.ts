import type { ConversationStatus } from '@turumba/contracts';
import type { Db } from '@turumba/platform/db';
import { enqueueAll, type NewEvent } from '@turumba/platform/outbox';
import { toConversationDto } from '../conversations/dto';
import { toMessageDto } from '../messages/dto';
import type { messages } from '../messages/tables';
import type { ConversationRow } from './find-or-create-conversation';

export interface StoredInbound {
  conversation: ConversationRow;
  message: typeof messages.$inferSelect;
  isNew: boolean;
  /** Set when the customer's message changed the status (resolved → open, pending → assigned). */
  previousStatus: ConversationStatus | null;
  accountId: string;
  now: Date;
}

/**
 * The events of a stored customer message (ARCHITECTURE.md §6, contracts/messaging-events.ts),
 * in the transaction that stored it: `conversation.created` when new,
 * `conversation.status_changed` when reopened, and always `conversation.message.created`.
 */
export async function enqueueInboundEvents(tx: Db, stored: StoredInbound): Promise<void> {
  const conversation = toConversationDto(stored.conversation);
  const base = {
    account_id: stored.accountId,
    occurred_at: stored.now,
    aggregate_type: 'conversation',
    aggregate_id: conversation.id,
  };
  const events: NewEvent[] = [];
  if (stored.isNew) events.push({ ...base, event_type: 'conversation.created', data: { conversation } });
  if (stored.previousStatus) {
    events.push({
      ...base,
      event_type: 'conversation.status_changed',
      data: {
        conversation,
        changes: { status: { from: stored.previousStatus, to: conversation.status } },
        actor_id: null,
      },
    });
  }
  events.push({
    ...base,
    event_type: 'conversation.message.created',
    data: { message: toMessageDto(stored.message), conversation, is_new_conversation: stored.isNew },
  });
  // One statement for all of them (rows + NOTIFY), in this order.
  await enqueueAll(tx, events);
}
