import { z } from 'zod';
import { Conversation } from './conversations';
import { Message, MessageStatus } from './messages';

/**
 * `data` of the Messaging API's events (ARCHITECTURE.md §6). Every event's envelope carries
 * `account_id`; the realtime service and the bot router read these shapes.
 */
export const ConversationEventData = z.object({ conversation: Conversation });

/** `conversation.created` */
export const ConversationCreatedData = ConversationEventData;

/** `conversation.updated`, `conversation.status_changed`, `conversation.resolved`: what changed and the result. */
export const ConversationChangedData = z.object({
  conversation: Conversation,
  changes: z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() })),
  actor_id: z.uuid().nullable(),
});

/** `conversation.assigned` */
export const ConversationAssignedData = z.object({
  conversation: Conversation,
  assignee_id: z.uuid().nullable(),
  previous_assignee_id: z.uuid().nullable(),
  team_id: z.uuid().nullable(),
  assigned_by: z.uuid().nullable(),
  reason: z.enum(['manual', 'auto', 'bot']),
});

/**
 * `conversation.message.created`: every new message, inbound or outbound, private or not.
 * The dispatcher sends outbound, non-private messages in status `queued`; the bot router reacts
 * to inbound ones; realtime pushes them (private notes to agents only).
 */
export const MessageCreatedData = z.object({
  message: Message,
  conversation: Conversation,
  is_new_conversation: z.boolean(),
});

/** `conversation.message.sent` and `conversation.message.status`: delivery progress of an outbound message. */
export const MessageStatusData = z.object({
  message_id: z.uuid(),
  conversation_id: z.uuid(),
  status: MessageStatus,
  provider_message_id: z.string().nullable(),
  error: z.record(z.string(), z.unknown()).nullable(),
  occurred_at: z.iso.datetime(),
});

/** `webhook.inbound.<channel_type>`: a verified, stored provider webhook to process. */
export const WebhookInboundData = z.object({
  inbound_event_id: z.uuid(),
  channel_id: z.uuid(),
  channel_type: z.string(),
});
