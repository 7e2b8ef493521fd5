import {
  ASSIGNMENT_NOTIFICATION,
  type AssignmentNotificationData,
  CONVERSATION_ROUTED,
  type Conversation,
  type ConversationRoutedData,
  QUEUE_ALERT_NOTIFICATION,
} from '@turumba/contracts';
import type { NewEvent } from '@turumba/platform/outbox';

/*
 * Events routing writes to the outbox (ARCHITECTURE.md §6). Their data schemas live in
 * @turumba/contracts (routing-events.ts), shared with realtime: `queue:update` goes to account:{id}
 * (queue/events.ts), the notifications to user:{id} for each named user.
 */

function conversationEvent(
  type: string,
  conversation: Conversation,
  data: Record<string, unknown>,
  at: Date,
): NewEvent {
  return {
    event_type: type,
    account_id: conversation.account_id,
    aggregate_type: 'conversation',
    aggregate_id: conversation.id,
    data: { conversation, ...data },
    occurred_at: at,
  };
}

export const routedEvent = (data: ConversationRoutedData, at: Date) =>
  conversationEvent(CONVERSATION_ROUTED, data.conversation, data, at);

export const assignmentNotification = (data: AssignmentNotificationData, at: Date) =>
  conversationEvent(ASSIGNMENT_NOTIFICATION, data.conversation, data, at);

export const queueAlert = (conversation: Conversation, userIds: string[], position: number, at: Date) =>
  conversationEvent(QUEUE_ALERT_NOTIFICATION, conversation, { user_ids: userIds, position }, at);
