import { z } from 'zod';
import { Conversation, ConversationPriority } from './conversations';

/*
 * `data` of the events bot routing writes (ARCHITECTURE.md §6; the Messaging API's
 * routing/README.md). Their routing keys sit under `conversation.` so realtime's `conversation.#`
 * binding receives them; realtime turns them into `queue:update`, `notification:assignment` and
 * `notification:queue_alert`.
 */

export const CONVERSATION_ROUTED = 'conversation.routed';
export const CONVERSATION_QUEUE_UPDATED = 'conversation.queue.updated';
export const ASSIGNMENT_NOTIFICATION = 'conversation.notification.assignment';
export const QUEUE_ALERT_NOTIFICATION = 'conversation.notification.queue_alert';

export const RoutingTrigger = z.enum(['message', 'queue']);
export const RoutingOutcome = z.enum(['assigned', 'queued', 'bot', 'closed']);
export type RoutingOutcome = z.infer<typeof RoutingOutcome>;

/** `conversation.routed`: what routing did with a customer message (`message`) or a waiting conversation (`queue`). */
export const ConversationRoutedData = z.object({
  conversation: Conversation,
  trigger: RoutingTrigger,
  outcome: RoutingOutcome,
  matched_rules: z.array(z.object({ id: z.uuid(), name: z.string() })),
  team_id: z.uuid().nullable(),
  strategy: z.string().nullable(),
  assignee_id: z.uuid().nullable(),
  /** Position in its team's queue when queued. */
  queue_position: z.number().int().nullable(),
  language: z.string().nullable(),
});
export type ConversationRoutedData = z.infer<typeof ConversationRoutedData>;

/** One waiting conversation in `conversation.queue.updated`. */
export const QueueEntry = z.object({
  conversation_id: z.uuid(),
  display_id: z.number().int(),
  team_id: z.uuid().nullable(),
  priority: ConversationPriority,
  queued_at: z.iso.datetime(),
  /** 1-based, within its team's queue (team_id null: the account's general queue). */
  position: z.number().int(),
  /** 1-based, across the whole account's queue. */
  account_position: z.number().int(),
});
export type QueueEntry = z.infer<typeof QueueEntry>;

/** `conversation.queue.updated` → `queue:update` in account:{id}: the head of the queue (up to 100) and its length. */
export const QueueUpdatedData = z.object({ total: z.number().int(), entries: z.array(QueueEntry) });
export type QueueUpdatedData = z.infer<typeof QueueUpdatedData>;

/**
 * `conversation.notification.assignment` → `notification:assignment` in user:{user_id}: routing
 * gave the agent a conversation; without auto-accept they are asked to accept it. Routing's own
 * `conversation.assigned` (reason `bot`/`auto`) therefore notifies nobody.
 */
export const AssignmentNotificationData = z.object({
  conversation: Conversation,
  user_id: z.uuid(),
  requires_acceptance: z.boolean(),
  previous_assignee_id: z.uuid().nullable(),
  /** `bot`: a bot rule matched; `auto`: routed without a rule. */
  reason: z.enum(['auto', 'bot']),
});
export type AssignmentNotificationData = z.infer<typeof AssignmentNotificationData>;

/**
 * `conversation.notification.queue_alert` → `notification:queue_alert` in each user:{id}: a high or
 * urgent conversation has to wait; `user_ids` are the team's available supervisors and admins.
 */
export const QueueAlertData = z.object({
  conversation: Conversation,
  user_ids: z.array(z.uuid()),
  position: z.number().int(),
});
export type QueueAlertData = z.infer<typeof QueueAlertData>;
