import { idColumn, timestampColumns } from '@turumba/platform/db/columns';
import { index, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { channelTypes } from '../channels/tables';

/** Spec §1.5: a person's identity on one platform, pointing to the Account API's contact. */
export const contactIdentifiers = pgTable(
  'contact_identifiers',
  {
    id: idColumn(),
    accountId: uuid('account_id').notNull(),
    contactId: uuid('contact_id').notNull(),
    channelType: text('channel_type', { enum: channelTypes }).notNull(),
    /** Phone in E.164, Telegram user id, PSID, lower-cased email, webchat visitor id. */
    identifier: text('identifier').notNull(),
    displayName: text('display_name'),
    metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default({}),
    ...timestampColumns(),
  },
  (t) => [
    uniqueIndex('contact_identifiers_account_type_identifier_uq').on(
      t.accountId,
      t.channelType,
      t.identifier,
    ),
    index('contact_identifiers_contact_idx').on(t.contactId),
  ],
);
