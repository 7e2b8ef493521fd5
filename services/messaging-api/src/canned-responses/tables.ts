import { idColumn, timestampColumns } from '@turumba/platform/db/columns';
import { index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/** Spec §1.3: reusable replies an agent inserts by short code (`/greeting`). */
export const cannedResponses = pgTable(
  'canned_responses',
  {
    id: idColumn(),
    accountId: uuid('account_id').notNull(),
    /** Stored normalised: lower case, without the leading slash (`greeting`). */
    shortCode: text('short_code').notNull(),
    title: text('title').notNull(),
    /** Supports `{{contact_name}}` and `{{name | default: "there"}}` (see render.ts). */
    content: text('content').notNull(),
    category: text('category'),
    createdBy: uuid('created_by').notNull(),
    ...timestampColumns(),
  },
  (t) => [
    uniqueIndex('canned_responses_account_short_code_uq').on(t.accountId, t.shortCode),
    index('canned_responses_account_category_idx').on(t.accountId, t.category),
  ],
);
