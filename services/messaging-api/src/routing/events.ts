import { Conversation } from '@turumba/contracts';
import type { NewEvent } from '@turumba/platform/outbox';
import { z } from 'zod';

/*
 * Events routing writes to the outbox (ARCHITECTURE.md §6). Their routing keys sit under
 * `conversation.` so realtime's `conversation.#` binding receives them: `queue:update` goes to
 * account:{id} (queue/events.ts), the notifications to user:{id} for each named user. These schemas belong in
 * @turumba/contracts once realtime consumes them.
 */

export const CONVERSATION_ROUTED = 'conversation.routed';
export const ASSIGNMENT_NOTIFICATION = 'conversation.notification.assignment';
export const QUEUE_ALERT_NOTIFICATION = 'conversation.notification.queue_alert';

export const ConversationRoutedData = z.object({
  conversation: Conversation,
  trigger: z.enum(['message', 'queue']),
  outcome: z.enum(['assigned', 'queued', 'bot', 'closed']),
  matched_rules: z.array(z.object({ id: z.uuid(), name: z.string() })),
  team_id: z.uuid().nullable(),
  strategy: z.string().nullable(),
  assignee_id: z.uuid().nullable(),
  /** Position in its team's queue when queued. */
  queue_position: z.number().int().nullable(),
  language: z.string().nullable(),
});
export type ConversationRoutedData = z.infer<typeof ConversationRoutedData>;

/** `notification:assignment` to user:{user_id}; without auto-accept the agent is asked to accept. */
export const AssignmentNotificationData = z.object({
  user_id: z.uuid(),
  conversation: Conversation,
  requires_acceptance: z.boolean(),
});

/** High or urgent conversation waiting: the team's supervisors are told. */
export const QueueAlertData = z.object({
  user_ids: z.array(z.uuid()),
  conversation: Conversation,
  position: z.number().int(),
});

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

export const assignmentNotification = (
  conversation: Conversation,
  userId: string,
  requiresAcceptance: boolean,
  at: Date,
) =>
  conversationEvent(
    ASSIGNMENT_NOTIFICATION,
    conversation,
    { user_id: userId, requires_acceptance: requiresAcceptance },
    at,
  );

export const queueAlert = (conversation: Conversation, userIds: string[], position: number, at: Date) =>
  conversationEvent(QUEUE_ALERT_NOTIFICATION, conversation, { user_ids: userIds, position }, at);
