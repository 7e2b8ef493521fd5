import type { Message } from '@turumba/contracts';
import type { messages } from './tables';

export type MessageRow = typeof messages.$inferSelect;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toMessageDto(row: MessageRow): Message {
  return {
    id: row.id,
    account_id: row.accountId,
    conversation_id: row.conversationId,
    channel_id: row.channelId,
    direction: row.direction,
    sender_type: row.senderType,
    sender_id: row.senderId,
    content: row.content,
    is_private: row.isPrivate,
    status: row.status,
    provider_message_id: row.providerMessageId,
    attachments: row.attachments,
    error: row.error,
    metadata: row.metadata,
    reply_to_message_id: row.replyToMessageId,
    sent_at: iso(row.sentAt),
    delivered_at: iso(row.deliveredAt),
    read_at: iso(row.readAt),
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

/** What an inbox row shows of a message: its text, or what it carries when it has none. */
export function messagePreview(content: string, attachments: { type: string }[]): string {
  const text = content.trim().replace(/\s+/g, ' ');
  if (text) return text.length > 140 ? `${text.slice(0, 139)}…` : text;
  const first = attachments[0];
  return first ? `[${first.type}]` : '';
}
