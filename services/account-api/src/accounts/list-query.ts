import {
  type ColumnMap,
  type FieldRules,
  filtersToSql,
  type ListQuery,
  parseFilters,
  parseSort,
  sortToSql,
} from '@turumba/platform/query';
import type { SQL } from 'drizzle-orm';

/** `?filter=&sort=` checked against the resource's whitelist (400 otherwise), as Drizzle SQL. */
export function listSql(query: ListQuery, rules: FieldRules, columns: ColumnMap, fallback: SQL[]) {
  const where = filtersToSql(parseFilters(query.filter, rules), rules, columns);
  const orderBy = sortToSql(parseSort(query.sort, rules), columns, fallback);
  return { where, orderBy };
}
