import type { EventEnvelope } from '@turumba/contracts';
import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/*
 * Shared tables that every service with events owns in its own database. A service includes them
 * by re-exporting them from the schema file its drizzle.config.ts points at:
 *
 *   // services/<name>/src/schema.ts (drizzle.config.ts: schema: './src/schema.ts')
 *   export { outboxEvents, processedEvents } from '@turumba/platform/outbox';
 *
 * `npx drizzle-kit generate` in the service then writes their CREATE TABLEs into the service's
 * committed migrations, which createDatabase applies at start-up. When these definitions change,
 * every service regenerates its migrations.
 */

// clock_timestamp(), not now(): now() is frozen per transaction, and rows enqueued together
// should keep their order for the relay.
const currentTime = sql`clock_timestamp()`;

/** Events written in the same transaction as the change they report (transactional outbox). */
export const outboxEvents = pgTable(
  'outbox_events',
  {
    /** The envelope's event_id; the bus messageId that consumers dedupe on. */
    id: uuid('id').primaryKey(),
    eventType: text('event_type').notNull(),
    routingKey: text('routing_key').notNull(),
    version: integer('version').notNull(),
    accountId: uuid('account_id'),
    aggregateType: text('aggregate_type').notNull(),
    aggregateId: text('aggregate_id').notNull(),
    /** The whole envelope, published as is. */
    payload: jsonb('payload').$type<EventEnvelope>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(currentTime),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().default(currentTime),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    /** Failed publish attempts so far; drives the backoff. */
    attempts: integer('attempts').notNull().default(0),
    /** Not claimable before this time: the retry backoff, or a relay's lease while it publishes. */
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().default(currentTime),
    lastError: text('last_error'),
  },
  (t) => [
    // Stays as small as the backlog however many published rows accumulate.
    index('outbox_events_unpublished_idx')
      .on(t.nextAttemptAt, t.createdAt)
      .where(sql`${t.publishedAt} is null`),
  ],
);

/** Consumer-side dedupe markers: one row per (event, consumer) that has been handled. */
export const processedEvents = pgTable(
  'processed_events',
  {
    // text, not uuid: consumers may dedupe on message ids that are not outbox event ids.
    eventId: text('event_id').notNull(),
    consumer: text('consumer').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: 'processed_events_pkey', columns: [t.eventId, t.consumer] })],
);
