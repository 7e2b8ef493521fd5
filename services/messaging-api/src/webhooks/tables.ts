import { idColumn, timestampColumns } from '@turumba/platform/db/columns';
import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { channelTypes } from '../channels/tables';

export const inboundEventStatuses = ['received', 'processed', 'failed', 'ignored'] as const;
export const bodyEncodings = ['utf8', 'base64'] as const;

/**
 * Every verified provider webhook, stored raw before anything is parsed (ARCHITECTURE.md §5, §7):
 * the inbound worker works from these rows, and a bug fix can replay them. A provider retry of
 * the same event hits the unique index and is a no-op.
 */
export const inboundEvents = pgTable(
  'inbound_events',
  {
    id: idColumn(),
    accountId: uuid('account_id').notNull(),
    channelId: uuid('channel_id').notNull(),
    channelType: text('channel_type', { enum: channelTypes }).notNull(),
    /** Telegram's update_id; for other providers the SHA-256 of the raw body (webhooks/event-id.ts). */
    providerEventId: text('provider_event_id').notNull(),
    contentType: text('content_type').notNull().default(''),
    /** A whitelist of the request headers (never secret tokens). */
    headers: jsonb('headers').$type<Record<string, string>>().notNull().default({}),
    rawBody: text('raw_body').notNull(),
    /** `utf8` when the body is valid UTF-8 text, `base64` otherwise. */
    bodyEncoding: text('body_encoding', { enum: bodyEncodings }).notNull().default('utf8'),
    status: text('status', { enum: inboundEventStatuses }).notNull().default('received'),
    processedAt: timestamp('processed_at', { withTimezone: true }),
    error: text('error'),
    /** Failed processing attempts so far. */
    attempts: integer('attempts').notNull().default(0),
    ...timestampColumns(),
  },
  (t) => [
    uniqueIndex('inbound_events_channel_event_uq').on(t.channelId, t.providerEventId),
    index('inbound_events_account_idx').on(t.accountId, t.createdAt),
    /** The re-drive's scan (inbound/redrive.ts): only unprocessed webhooks, oldest first. */
    index('inbound_events_unprocessed_idx').on(t.updatedAt).where(sql`${t.status} = 'received'`),
  ],
);
