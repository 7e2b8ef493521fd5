import { pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/*
 * Schema of the platform's own test migrations (packages/platform/drizzle, generated with
 * `cd packages/platform && npx drizzle-kit generate`). No service uses it.
 */
export { outboxEvents, processedEvents } from '../outbox/tables';

export const testItems = pgTable('test_items', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull().unique('test_items_name_unique'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
