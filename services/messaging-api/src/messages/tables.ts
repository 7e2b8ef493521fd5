import { idColumn, timestampColumns } from '@turumba/platform/db/columns';
import { sql } from 'drizzle-orm';
import { boolean, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const messageDirections = ['inbound', 'outbound', 'system'] as const;
export const senderTypes = ['contact', 'agent', 'bot', 'system'] as const;
export const messageStatuses = ['queued', 'sending', 'sent', 'delivered', 'read', 'failed'] as const;

export interface MessageAttachment {
  type: string;
  url?: string;
  provider_file_id?: string;
  mime_type?: string;
  file_name?: string;
  size?: number;
  latitude?: number;
  longitude?: number;
  caption?: string;
}

/** Spec §1.2 plus delivery tracking (ARCHITECTURE.md §5). */
export const messages = pgTable(
  'messages',
  {
    id: idColumn(),
    accountId: uuid('account_id').notNull(),
    conversationId: uuid('conversation_id').notNull(),
    channelId: uuid('channel_id').notNull(),
    direction: text('direction', { enum: messageDirections }).notNull(),
    senderType: text('sender_type', { enum: senderTypes }).notNull(),
    /** Agent user id or bot rule id. */
    senderId: uuid('sender_id'),
    content: text('content').notNull().default(''),
    isPrivate: boolean('is_private').notNull().default(false),
    status: text('status', { enum: messageStatuses }).notNull(),
    providerMessageId: text('provider_message_id'),
    attachments: jsonb('attachments').$type<MessageAttachment[]>().notNull().default([]),
    /** Provider error of a failed message `{code, message, retryable}`. */
    error: jsonb('error').$type<Record<string, unknown>>(),
    /** System activity (`{event: 'assigned', ...}`), email threading, template info... */
    metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default({}),
    replyToMessageId: uuid('reply_to_message_id'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    readAt: timestamp('read_at', { withTimezone: true }),
    ...timestampColumns(),
  },
  (t) => [
    uniqueIndex('messages_channel_provider_id_uq')
      .on(t.channelId, t.providerMessageId)
      .where(sql`${t.providerMessageId} is not null`),
    index('messages_conversation_idx').on(t.conversationId, t.createdAt, t.id),
    index('messages_account_idx').on(t.accountId, t.createdAt),
    // The inbox's text search over message words (conversations/text-search.ts).
    index('messages_content_fts_idx').using('gin', sql`to_tsvector('simple', ${t.content})`),
    // The send sweeper's scan (dispatcher/stuck-sends.ts): only messages in flight.
    index('messages_sending_idx').on(t.updatedAt).where(sql`${t.status} = 'sending'`),
  ],
);
