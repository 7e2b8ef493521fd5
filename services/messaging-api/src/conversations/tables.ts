import { idColumn, timestampColumns } from '@turumba/platform/db/columns';
import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/** Spec §1.1. `contact_id` references the Account API's contact (no local FK). */
export const conversations = pgTable(
  'conversations',
  {
    id: idColumn(),
    accountId: uuid('account_id').notNull(),
    channelId: uuid('channel_id').notNull(),
    contactId: uuid('contact_id'),
    contactIdentifier: text('contact_identifier').notNull(),
    assigneeId: uuid('assignee_id'),
    teamId: uuid('team_id'),
    status: text('status', { enum: ['open', 'bot', 'assigned', 'pending', 'resolved', 'closed'] })
      .notNull()
      .default('open'),
    priority: text('priority', { enum: ['low', 'normal', 'high', 'urgent'] })
      .notNull()
      .default('normal'),
    subject: text('subject'),
    labels: jsonb('labels').$type<string[]>().notNull().default([]),
    firstReplyAt: timestamp('first_reply_at', { withTimezone: true }),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    lastMessageAt: timestamp('last_message_at', { withTimezone: true }).notNull().defaultNow(),
    botContext: jsonb('bot_context').$type<Record<string, unknown>>(),
    metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default({}),
    ...timestampColumns(),
  },
  (t) => [
    // At most one active conversation per channel + contact: concurrent inbound messages can't make two.
    uniqueIndex('conversations_active_uq')
      .on(t.channelId, t.contactIdentifier)
      .where(sql`${t.status} NOT IN ('resolved', 'closed')`),
    index('conversations_inbox_idx').on(t.accountId, t.status, t.assigneeId),
    index('conversations_recent_idx').on(t.accountId, t.lastMessageAt.desc()),
  ],
);
