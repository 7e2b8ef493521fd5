import { z } from 'zod';

export const ConversationStatus = z.enum(['open', 'bot', 'assigned', 'pending', 'resolved', 'closed']);
export type ConversationStatus = z.infer<typeof ConversationStatus>;

export const ConversationPriority = z.enum(['low', 'normal', 'high', 'urgent']);
export type ConversationPriority = z.infer<typeof ConversationPriority>;

export const ChannelType = z.enum(['telegram', 'whatsapp', 'messenger', 'sms', 'email', 'webchat']);
export type ChannelType = z.infer<typeof ChannelType>;

/** A conversation as the API and events carry it (spec §1.1 plus inbox fields). */
export const Conversation = z.object({
  id: z.uuid(),
  account_id: z.uuid(),
  display_id: z.number().int(),
  channel_id: z.uuid(),
  channel_type: ChannelType,
  contact_id: z.uuid().nullable(),
  contact_identifier: z.string(),
  contact_name: z.string().nullable(),
  assignee_id: z.uuid().nullable(),
  team_id: z.uuid().nullable(),
  status: ConversationStatus,
  priority: ConversationPriority,
  subject: z.string().nullable(),
  labels: z.array(z.string()),
  first_reply_at: z.iso.datetime().nullable(),
  resolved_at: z.iso.datetime().nullable(),
  last_message_at: z.iso.datetime(),
  last_inbound_at: z.iso.datetime().nullable(),
  last_message_preview: z.string().nullable(),
  queued_at: z.iso.datetime().nullable(),
  waiting_since: z.iso.datetime().nullable(),
  bot_context: z.record(z.string(), z.unknown()).nullable(),
  metadata: z.record(z.string(), z.unknown()),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
});
export type Conversation = z.infer<typeof Conversation>;
