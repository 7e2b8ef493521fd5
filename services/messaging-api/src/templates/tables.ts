import { idColumn, timestampColumns } from '@turumba/platform/db/columns';
import { index, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { channelTypes } from '../channels/tables';

export interface TemplateVariable {
  name: string;
  default?: string;
  description?: string;
}

/**
 * Reusable message templates (spec §4: bot replies reference them by id). `content` holds
 * `{{variable}}` placeholders; a WhatsApp template also names the provider-approved template
 * that must be sent outside the 24-hour window.
 */
export const templates = pgTable(
  'templates',
  {
    id: idColumn(),
    accountId: uuid('account_id').notNull(),
    name: text('name').notNull(),
    language: text('language').notNull().default('en'),
    /** Null: usable on every channel. */
    channelType: text('channel_type', { enum: channelTypes }),
    content: text('content').notNull(),
    variables: jsonb('variables').$type<TemplateVariable[]>().notNull().default([]),
    /** The WhatsApp (Meta-approved) template name, when this template maps to one. */
    providerTemplateName: text('provider_template_name'),
    createdBy: uuid('created_by'),
    ...timestampColumns(),
  },
  (t) => [
    uniqueIndex('templates_account_name_language_uq').on(t.accountId, t.name, t.language),
    index('templates_account_idx').on(t.accountId, t.channelType),
  ],
);
