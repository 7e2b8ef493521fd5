import { idColumn, timestampColumns } from '@turumba/platform/db/columns';
import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { accounts } from '../accounts/tables';

/** The customer record every channel identity points to. */
export const contacts = pgTable(
  'contacts',
  {
    id: idColumn(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    name: text('name'),
    /** E.164, e.g. +251911234567. */
    phone: text('phone'),
    /** Lower-cased. */
    email: text('email'),
    labels: jsonb('labels').$type<string[]>().notNull().default([]),
    properties: jsonb('properties').$type<Record<string, unknown>>().notNull().default({}),
    /** Set when merged into another contact; merged contacts are hidden and can be unmerged. */
    mergedIntoId: uuid('merged_into_id'),
    ...timestampColumns(),
  },
  (t) => [
    // One live contact per phone and per email in an account: upserts by phone/email cannot race
    // into duplicates, which is what links a person's WhatsApp and SMS automatically.
    uniqueIndex('contacts_account_phone_uq')
      .on(t.accountId, t.phone)
      .where(sql`${t.phone} is not null and ${t.mergedIntoId} is null`),
    uniqueIndex('contacts_account_email_uq')
      .on(t.accountId, t.email)
      .where(sql`${t.email} is not null and ${t.mergedIntoId} is null`),
    index('contacts_account_name_idx').on(t.accountId, t.name),
    index('contacts_account_created_idx').on(t.accountId, t.createdAt),
  ],
);

/** A merge of `merged_id` into `survivor_id`, with what is needed to undo it. */
export const contactMerges = pgTable(
  'contact_merges',
  {
    id: idColumn(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    survivorId: uuid('survivor_id').notNull(),
    mergedId: uuid('merged_id').notNull(),
    /** Both contacts as they were before the merge. */
    snapshot: jsonb('snapshot').$type<Record<string, unknown>>().notNull(),
    mergedBy: uuid('merged_by'),
    undoneAt: timestamp('undone_at', { withTimezone: true }),
    undoneBy: uuid('undone_by'),
    ...timestampColumns(),
  },
  (t) => [index('contact_merges_survivor_idx').on(t.accountId, t.survivorId)],
);
