import { idColumn, timestampColumns } from '@turumba/platform/db/columns';
import { sql } from 'drizzle-orm';
import {
  bigint,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { channelTypes } from '../channels/tables';

export const conversationStatuses = ['open', 'bot', 'assigned', 'pending', 'resolved', 'closed'] as const;
export const conversationPriorities = ['low', 'normal', 'high', 'urgent'] as const;

/** Spec §1.1. `contact_id` references the Account API's contact (no local FK). */
export const conversations = pgTable(
  'conversations',
  {
    id: idColumn(),
    accountId: uuid('account_id').notNull(),
    /** Per-account sequence number for humans ("#42"). */
    displayId: integer('display_id').notNull(),
    channelId: uuid('channel_id').notNull(),
    /** Denormalised from the channel so inbox rows and rules need no join. */
    channelType: text('channel_type', { enum: channelTypes }).notNull(),
    contactId: uuid('contact_id'),
    contactIdentifier: text('contact_identifier').notNull(),
    /** Denormalised display name of the contact for inbox rows. */
    contactName: text('contact_name'),
    assigneeId: uuid('assignee_id'),
    teamId: uuid('team_id'),
    status: text('status', { enum: conversationStatuses }).notNull().default('open'),
    priority: text('priority', { enum: conversationPriorities }).notNull().default('normal'),
    subject: text('subject'),
    labels: jsonb('labels').$type<string[]>().notNull().default([]),
    firstReplyAt: timestamp('first_reply_at', { withTimezone: true }),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    lastMessageAt: timestamp('last_message_at', { withTimezone: true }).notNull().defaultNow(),
    /** Last customer message: drives the WhatsApp 24-hour window and "waiting" views. */
    lastInboundAt: timestamp('last_inbound_at', { withTimezone: true }),
    /** Preview of the last non-private message for inbox rows. */
    lastMessagePreview: text('last_message_preview'),
    /** When it entered the waiting queue (no assignee); null when not queued. */
    queuedAt: timestamp('queued_at', { withTimezone: true }),
    /** Since when the customer has been waiting for an agent reply; null when not waiting. */
    waitingSince: timestamp('waiting_since', { withTimezone: true }),
    botContext: jsonb('bot_context').$type<Record<string, unknown>>(),
    metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default({}),
    ...timestampColumns(),
  },
  (t) => [
    // At most one active conversation per channel + contact: concurrent inbound messages can't make two.
    uniqueIndex('conversations_active_uq')
      .on(t.channelId, t.contactIdentifier)
      .where(sql`${t.status} NOT IN ('resolved', 'closed')`),
    uniqueIndex('conversations_display_id_uq').on(t.accountId, t.displayId),
    index('conversations_inbox_idx').on(t.accountId, t.status, t.assigneeId),
    index('conversations_recent_idx').on(t.accountId, t.lastMessageAt.desc(), t.id.desc()),
    // The "mine" and team inbox views, in list order (ADR 0005): no walk of the whole account.
    index('conversations_assignee_recent_idx').on(
      t.accountId,
      t.assigneeId,
      t.lastMessageAt.desc(),
      t.id.desc(),
    ),
    index('conversations_team_recent_idx').on(t.accountId, t.teamId, t.lastMessageAt.desc(), t.id.desc()),
    // "Mine" with one status (`?status=open&assignee_id=me`): the range itself, not a walk of all mine.
    index('conversations_assignee_status_recent_idx').on(
      t.accountId,
      t.assigneeId,
      t.status,
      t.lastMessageAt.desc(),
      t.id.desc(),
    ),
    // An agent's active conversations (`?status=assigned,pending&assignee_id=…`, and the count of
    // them that routing takes as the agent's load): only rows that hold a slot, in list order, so
    // neither walks the agent's resolved history.
    index('conversations_assignee_active_recent_idx')
      .on(t.accountId, t.assigneeId, t.lastMessageAt.desc(), t.id.desc())
      .where(sql`${t.status} IN ('assigned', 'pending')`),
    // A team's tab with one status (`?team_id=…&status=open`), likewise.
    index('conversations_team_status_recent_idx').on(
      t.accountId,
      t.teamId,
      t.status,
      t.lastMessageAt.desc(),
      t.id.desc(),
    ),
    // `sort=created_at` (either direction: a backward walk serves desc).
    index('conversations_created_idx').on(t.accountId, t.createdAt, t.id),
    // `q` over subject and contact name by words (inbox-filters.ts textSearch; text-search.ts).
    index('conversations_search_fts_idx').using(
      'gin',
      sql`to_tsvector('simple', coalesce(${t.subject}, '') || ' ' || coalesce(${t.contactName}, ''))`,
    ),
    index('conversations_contact_idx').on(t.accountId, t.contactId),
  ],
);

/** Next display id per account, taken with `UPDATE ... RETURNING` so concurrent creates never collide. */
export const accountSequences = pgTable('account_sequences', {
  accountId: uuid('account_id').primaryKey(),
  nextConversationDisplayId: integer('next_conversation_display_id').notNull().default(1),
  ...timestampColumns(),
});

/**
 * The inbox tab counters: how many conversations each (account, status, assignee, team) has. Kept
 * by the `conversations_count` triggers (migration 0005) in the transaction of every write to
 * `conversations`, so at any snapshot the sum of `n` per key equals `COUNT(*)`. A key may have
 * several rows (shards): a writer adds its delta to a row no other transaction holds
 * (`FOR UPDATE SKIP LOCKED`) or inserts a new one, so writers never wait for each other here.
 * Read with `sum(n)`; never written by application code.
 */
export const conversationCounts = pgTable(
  'conversation_counts',
  {
    id: idColumn(),
    accountId: uuid('account_id').notNull(),
    status: text('status', { enum: conversationStatuses }).notNull(),
    assigneeId: uuid('assignee_id'),
    teamId: uuid('team_id'),
    n: bigint('n', { mode: 'number' }).notNull(),
    ...timestampColumns(),
  },
  (t) => [index('conversation_counts_key_idx').on(t.accountId, t.status, t.assigneeId, t.teamId)],
);
