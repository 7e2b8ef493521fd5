import type { Db } from '@turumba/platform/db';
import { type FieldRules, filtersToSql, parseFilters, parseSort, sortToSql } from '@turumba/platform/query';
import { and, asc, count, eq, inArray } from 'drizzle-orm';
import type { BotRuleRow } from './dto';
import type { BotRuleListQuery } from './schema';
import { botRules, botRuleTriggerTypes } from './tables';

export type NewBotRuleRow = typeof botRules.$inferInsert;

/** What `?filter=` and `?sort=` may name on bot rules (ARCHITECTURE.md §3). */
const fieldRules: FieldRules = {
  name: { type: 'string', ops: ['eq', 'icontains', 'startswith'], sortable: true },
  priority: { type: 'number', ops: ['eq', 'lt', 'le', 'gt', 'ge', 'range'], sortable: true },
  is_active: { type: 'boolean', ops: ['eq'] },
  trigger_type: { type: 'enum', values: botRuleTriggerTypes, ops: ['eq', 'in'] },
  created_at: { type: 'datetime', ops: ['lt', 'le', 'gt', 'ge', 'range'], sortable: true },
  updated_at: { type: 'datetime', ops: ['lt', 'le', 'gt', 'ge', 'range'], sortable: true },
};
const columns = {
  name: botRules.name,
  priority: botRules.priority,
  is_active: botRules.isActive,
  trigger_type: botRules.triggerType,
  created_at: botRules.createdAt,
  updated_at: botRules.updatedAt,
};

/** Drizzle queries on bot rules; every function is scoped to accounts. */
export function botRuleRepo(db: Db) {
  return {
    /** In evaluation order by default: priority, then id (the order the router uses). */
    async list(accountIds: string[], query: BotRuleListQuery) {
      if (accountIds.length === 0) return { rows: [] as BotRuleRow[], total: 0 };
      const where = and(
        inArray(botRules.accountId, accountIds),
        filtersToSql(parseFilters(query.filter, fieldRules), fieldRules, columns),
      );
      const orderBy = sortToSql(parseSort(query.sort, fieldRules), columns, [
        asc(botRules.priority),
        asc(botRules.id),
      ]);
      const [rows, [totals]] = await Promise.all([
        db
          .select()
          .from(botRules)
          .where(where)
          .orderBy(...orderBy)
          .offset(query.skip)
          .limit(query.limit),
        db.select({ total: count() }).from(botRules).where(where),
      ]);
      return { rows, total: totals?.total ?? 0 };
    },

    /** The account's active rules: what the router compiles (the INDEX(account_id, is_active, priority) query). */
    activeRules(accountId: string): Promise<BotRuleRow[]> {
      return db
        .select()
        .from(botRules)
        .where(and(eq(botRules.accountId, accountId), eq(botRules.isActive, true)))
        .orderBy(asc(botRules.priority), asc(botRules.id));
    },

    async find(accountIds: string[], id: string): Promise<BotRuleRow | undefined> {
      if (accountIds.length === 0) return undefined;
      const [row] = await db
        .select()
        .from(botRules)
        .where(and(eq(botRules.id, id), inArray(botRules.accountId, accountIds)));
      return row;
    },

    async insert(row: NewBotRuleRow): Promise<BotRuleRow> {
      const [created] = await db.insert(botRules).values(row).returning();
      return created!;
    },

    async update(accountId: string, id: string, patch: Partial<NewBotRuleRow>): Promise<BotRuleRow> {
      const [row] = await db
        .update(botRules)
        .set(patch)
        .where(and(eq(botRules.id, id), eq(botRules.accountId, accountId)))
        .returning();
      return row!;
    },

    async remove(accountId: string, id: string): Promise<void> {
      await db.delete(botRules).where(and(eq(botRules.id, id), eq(botRules.accountId, accountId)));
    },
  };
}
