import { idColumn, timestampColumns } from '@turumba/platform/db/columns';
import { sql } from 'drizzle-orm';
import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const assignmentReasons = ['manual', 'auto', 'bot'] as const;

/**
 * Who held a conversation, when, and why (ARCHITECTURE.md §5). The open row (`ended_at` null) is
 * the current holder: an agent, a team's queue, or both. A conversation with neither has no open row.
 */
export const conversationAssignments = pgTable(
  'conversation_assignments',
  {
    id: idColumn(),
    accountId: uuid('account_id').notNull(),
    conversationId: uuid('conversation_id').notNull(),
    assigneeId: uuid('assignee_id'),
    teamId: uuid('team_id'),
    /** The user who assigned; null for the bot router and automatic routing. */
    assignedBy: uuid('assigned_by'),
    reason: text('reason', { enum: assignmentReasons }).notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    ...timestampColumns(),
  },
  (t) => [
    // The backstop behind the row lock: two racing assigns can never both leave an open row.
    uniqueIndex('conversation_assignments_open_uq').on(t.conversationId).where(sql`${t.endedAt} is null`),
    index('conversation_assignments_history_idx').on(t.conversationId, t.startedAt),
  ],
);
