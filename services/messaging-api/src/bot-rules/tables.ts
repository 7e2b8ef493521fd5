import { idColumn, timestampColumns } from '@turumba/platform/db/columns';
import { boolean, index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';

export const botRuleTriggerTypes = [
  'keyword',
  'time_based',
  'channel',
  'new_conversation',
  'fallback',
] as const;

/**
 * Spec §1.4. `conditions` and `actions` are validated per trigger type by `schema.ts` before they
 * are written; the router reads them through the compiled, cached rule set, never per message.
 */
export const botRules = pgTable(
  'bot_rules',
  {
    id: idColumn(),
    accountId: uuid('account_id').notNull(),
    name: text('name').notNull(),
    /** Evaluation order: lower first. */
    priority: integer('priority').notNull(),
    isActive: boolean('is_active').notNull().default(true),
    triggerType: text('trigger_type', { enum: botRuleTriggerTypes }).notNull(),
    conditions: jsonb('conditions').$type<Record<string, unknown>>().notNull().default({}),
    actions: jsonb('actions').$type<Record<string, unknown>>().notNull().default({}),
    /** When it matches, evaluation goes on to the next rules instead of stopping (API `continue`). */
    continueMatching: boolean('continue_matching').notNull().default(false),
    createdBy: uuid('created_by'),
    ...timestampColumns(),
  },
  (t) => [index('bot_rules_account_active_priority_idx').on(t.accountId, t.isActive, t.priority)],
);
