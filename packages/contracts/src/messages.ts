import { z } from 'zod';

export const MessageDirection = z.enum(['inbound', 'outbound', 'system']);
export const SenderType = z.enum(['contact', 'agent', 'bot', 'system']);
export const MessageStatus = z.enum(['queued', 'sending', 'sent', 'delivered', 'read', 'failed']);
export type MessageStatus = z.infer<typeof MessageStatus>;

export const MessageAttachment = z.object({
  type: z.string(),
  url: z.string().optional(),
  provider_file_id: z.string().optional(),
  mime_type: z.string().optional(),
  file_name: z.string().optional(),
  size: z.number().optional(),
  latitude: z.number().optional(),
  longitude: z.number().optional(),
  caption: z.string().optional(),
});
export type MessageAttachment = z.infer<typeof MessageAttachment>;

/** A message as the API and events carry it (spec §1.2). */
export const Message = z.object({
  id: z.uuid(),
  account_id: z.uuid(),
  conversation_id: z.uuid(),
  channel_id: z.uuid(),
  direction: MessageDirection,
  sender_type: SenderType,
  sender_id: z.uuid().nullable(),
  content: z.string(),
  is_private: z.boolean(),
  status: MessageStatus,
  provider_message_id: z.string().nullable(),
  attachments: z.array(MessageAttachment),
  error: z.record(z.string(), z.unknown()).nullable(),
  metadata: z.record(z.string(), z.unknown()),
  reply_to_message_id: z.uuid().nullable(),
  sent_at: z.iso.datetime().nullable(),
  delivered_at: z.iso.datetime().nullable(),
  read_at: z.iso.datetime().nullable(),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
});
export type Message = z.infer<typeof Message>;
