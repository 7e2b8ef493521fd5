import {
  escapeLike,
  type FieldRules,
  filtersToSql,
  parseFilters,
  parseSort,
  sortToSql,
} from '@turumba/platform/query';
import { and, asc, eq, ilike, or, type SQL } from 'drizzle-orm';
import type { ListCannedResponsesQuery } from './schema';
import { cannedResponses as t } from './tables';

const rules: FieldRules = {
  short_code: { type: 'string', ops: ['eq', 'startswith', 'icontains'], sortable: true },
  title: { type: 'string', ops: ['eq', 'icontains', 'startswith'], sortable: true },
  category: { type: 'string', ops: ['eq', 'in', 'is_null', 'is_not_null'], sortable: true },
  created_by: { type: 'uuid', ops: ['eq', 'in'] },
  created_at: { type: 'datetime', ops: ['lt', 'le', 'gt', 'ge', 'range'], sortable: true },
  updated_at: { type: 'datetime', ops: ['lt', 'le', 'gt', 'ge', 'range'], sortable: true },
};
const columns = {
  short_code: t.shortCode,
  title: t.title,
  category: t.category,
  created_by: t.createdBy,
  created_at: t.createdAt,
  updated_at: t.updatedAt,
};

/** WHERE and ORDER BY of `GET /v1/canned-responses` (default: by short code, as a picker lists them). */
export function cannedResponseListSql(query: ListCannedResponsesQuery) {
  const text = query.q?.replace(/^\/+/, '');
  const pattern = text ? `%${escapeLike(text)}%` : undefined;
  const parts: (SQL | undefined)[] = [
    query.category ? eq(t.category, query.category) : undefined,
    pattern ? or(ilike(t.title, pattern), ilike(t.shortCode, pattern)) : undefined,
    filtersToSql(parseFilters(query.filter, rules), rules, columns),
  ];
  const present = parts.filter((p): p is SQL => p !== undefined);
  return {
    where: present.length ? and(...present) : undefined,
    orderBy: sortToSql(parseSort(query.sort, rules), columns, [asc(t.shortCode), asc(t.id)]),
  };
}
