import { idColumn, timestampColumns } from '@turumba/platform/db/columns';
import { pgTable, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/** How far each user has read each conversation: inbound messages after `last_read_at` are unread. */
export const conversationReads = pgTable(
  'conversation_reads',
  {
    id: idColumn(),
    accountId: uuid('account_id').notNull(),
    conversationId: uuid('conversation_id').notNull(),
    userId: uuid('user_id').notNull(),
    lastReadAt: timestamp('last_read_at', { withTimezone: true }).notNull(),
    ...timestampColumns(),
  },
  (t) => [uniqueIndex('conversation_reads_conversation_user_uq').on(t.conversationId, t.userId)],
);
