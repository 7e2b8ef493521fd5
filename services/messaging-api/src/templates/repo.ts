import type { Db } from '@turumba/platform/db';
import {
  type ColumnMap,
  filtersToSql,
  type ParsedFilter,
  type ParsedSort,
  sortToSql,
} from '@turumba/platform/query';
import { and, asc, count, eq, inArray } from 'drizzle-orm';
import { templateFilterRules } from './schema';
import { templates } from './tables';

export type TemplateRow = typeof templates.$inferSelect;
export type NewTemplateRow = typeof templates.$inferInsert;

const columns: ColumnMap = {
  name: templates.name,
  language: templates.language,
  channel_type: templates.channelType,
  created_at: templates.createdAt,
};

export function createTemplateRepo(db: Db) {
  return {
    async insert(row: NewTemplateRow): Promise<TemplateRow> {
      const [created] = await db.insert(templates).values(row).returning();
      return created!;
    },

    async findById(accountIds: string[], id: string): Promise<TemplateRow | undefined> {
      if (accountIds.length === 0) return undefined;
      const [row] = await db
        .select()
        .from(templates)
        .where(and(eq(templates.id, id), inArray(templates.accountId, accountIds)));
      return row;
    },

    async list(
      accountIds: string[],
      query: { filters: ParsedFilter[]; sort: ParsedSort[]; skip: number; limit: number },
    ) {
      if (accountIds.length === 0) return { rows: [] as TemplateRow[], total: 0 };
      const where = and(
        inArray(templates.accountId, accountIds),
        filtersToSql(query.filters, templateFilterRules, columns),
      );
      const [rows, [totals]] = await Promise.all([
        db
          .select()
          .from(templates)
          .where(where)
          .orderBy(...sortToSql(query.sort, columns, [asc(templates.name), asc(templates.id)]))
          .offset(query.skip)
          .limit(query.limit),
        db.select({ total: count() }).from(templates).where(where),
      ]);
      return { rows, total: totals?.total ?? 0 };
    },

    async update(
      accountId: string,
      id: string,
      patch: Partial<NewTemplateRow>,
    ): Promise<TemplateRow | undefined> {
      const [row] = await db
        .update(templates)
        .set(patch)
        .where(and(eq(templates.id, id), eq(templates.accountId, accountId)))
        .returning();
      return row;
    },

    async remove(accountId: string, id: string): Promise<boolean> {
      const deleted = await db
        .delete(templates)
        .where(and(eq(templates.id, id), eq(templates.accountId, accountId)))
        .returning({ id: templates.id });
      return deleted.length > 0;
    },
  };
}
export type TemplateRepo = ReturnType<typeof createTemplateRepo>;
