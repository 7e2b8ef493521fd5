import { type FieldRules, filtersToSql, parseFilters, parseSort, sortToSql } from '@turumba/platform/query';
import { asc, type SQL } from 'drizzle-orm';
import type { ListTeamsQuery } from './schema';
import { teams } from './tables';

const time = ['lt', 'le', 'gt', 'ge', 'range'] as const;

/** What `?filter=` and `?sort=` may name on teams (ARCHITECTURE.md §3). */
export const teamFieldRules: FieldRules = {
  name: { type: 'string', ops: ['eq', 'ne', 'in', 'icontains', 'startswith'], sortable: true },
  created_at: { type: 'datetime', ops: time, sortable: true },
  updated_at: { type: 'datetime', ops: time, sortable: true },
};

const columns = { name: teams.name, created_at: teams.createdAt, updated_at: teams.updatedAt };

/** The WHERE and ORDER BY of a team list (by name by default); 400 off the whitelist. */
export function teamListSql(query: ListTeamsQuery): { where: SQL | undefined; orderBy: SQL[] } {
  const where = filtersToSql(parseFilters(query.filter, teamFieldRules), teamFieldRules, columns);
  const sorts = parseSort(query.sort, teamFieldRules);
  return { where, orderBy: sortToSql(sorts, columns, [asc(teams.name), asc(teams.id)]) };
}
