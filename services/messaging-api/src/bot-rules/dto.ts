import type { BotRuleDefinition } from './compile';
import { type BotRuleDto, BotRuleInput } from './schema';
import type { botRules } from './tables';

export type BotRuleRow = typeof botRules.$inferSelect;

export function toBotRuleDto(row: BotRuleRow): BotRuleDto {
  return {
    id: row.id,
    account_id: row.accountId,
    name: row.name,
    priority: row.priority,
    is_active: row.isActive,
    trigger_type: row.triggerType,
    conditions: row.conditions,
    actions: row.actions,
    continue: row.continueMatching,
    created_by: row.createdBy,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

/** The API body a row was written from (what PATCH merges into and validates again). */
export function toInput(row: BotRuleRow): Record<string, unknown> {
  return {
    name: row.name,
    priority: row.priority,
    is_active: row.isActive,
    continue: row.continueMatching,
    trigger_type: row.triggerType,
    conditions: row.conditions,
    actions: row.actions,
  };
}

/**
 * A stored rule, ready to compile. Rows were validated when written; one that no longer parses
 * (a rule written before a schema change) yields null and is left out rather than half-applied.
 */
export function toDefinition(row: BotRuleRow): BotRuleDefinition | null {
  const parsed = BotRuleInput.safeParse(toInput(row));
  return parsed.success ? { ...parsed.data, id: row.id } : null;
}
