import type { AgentChannel, NotificationPreferences, WeeklySchedule } from '@turumba/contracts';
import { idColumn, timestampColumns } from '@turumba/platform/db/columns';
import { boolean, integer, jsonb, pgTable, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../users/tables';

/** Spec §2: one row per user (not per account). */
export const agentPreferences = pgTable(
  'agent_preferences',
  {
    id: idColumn(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    availableChannels: jsonb('available_channels').$type<AgentChannel[]>().notNull().default([]),
    availableTopics: jsonb('available_topics').$type<string[]>().notNull().default([]),
    /** Null: available at any hour. */
    availableHours: jsonb('available_hours').$type<WeeklySchedule | null>(),
    languages: jsonb('languages').$type<string[]>().notNull().default([]),
    maxConcurrentConversations: integer('max_concurrent_conversations').notNull().default(5),
    isAvailable: boolean('is_available').notNull().default(true),
    autoAccept: boolean('auto_accept').notNull().default(false),
    notificationPreferences: jsonb('notification_preferences')
      .$type<NotificationPreferences>()
      .notNull()
      .default({ sound: true, desktop: true, email_on_assignment: false }),
    ...timestampColumns(),
  },
  (t) => [uniqueIndex('agent_preferences_user_uq').on(t.userId)],
);
