import {
  and,
  asc,
  between,
  desc,
  eq,
  gt,
  gte,
  ilike,
  inArray,
  isNotNull,
  isNull,
  like,
  lt,
  lte,
  ne,
  type SQL,
  sql,
} from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { FieldRules, ParsedFilter, ParsedSort } from './parse';

export type ColumnMap = Record<string, AnyPgColumn>;

/** Escapes LIKE wildcards so user text matches literally. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function condition(filter: ParsedFilter, column: AnyPgColumn, isArray: boolean): SQL {
  const [first, second] = filter.values;
  const text = String(first);
  switch (filter.op) {
    case 'eq':
      return eq(column, first);
    case 'ne':
      return ne(column, first);
    case 'lt':
      return lt(column, first);
    case 'le':
      return lte(column, first);
    case 'gt':
      return gt(column, first);
    case 'ge':
      return gte(column, first);
    case 'in':
      return inArray(column, filter.values);
    case 'range':
      return between(column, first, second);
    case 'is_null':
      return isNull(column);
    case 'is_not_null':
      return isNotNull(column);
    case 'contains':
      // On a JSONB array: containment of the element; on text: substring.
      return isArray
        ? sql`${column} @> ${JSON.stringify([first])}::jsonb`
        : like(column, `%${escapeLike(text)}%`);
    case 'icontains':
      return ilike(column, `%${escapeLike(text)}%`);
    case 'like':
      return like(column, text);
    case 'ilike':
      return ilike(column, text);
    case 'startswith':
      return like(column, `${escapeLike(text)}%`);
    case 'endswith':
      return like(column, `%${escapeLike(text)}`);
  }
}

/** ANDs the parsed filters into one Drizzle condition (undefined when there are none). */
export function filtersToSql(
  filters: ParsedFilter[],
  rules: FieldRules,
  columns: ColumnMap,
): SQL | undefined {
  const parts = filters.map((f) => condition(f, columns[f.field]!, rules[f.field]?.type === 'string_array'));
  return parts.length === 0 ? undefined : and(...parts);
}

/** The ORDER BY of the parsed sorts, then the fallback (a unique column last keeps paging stable). */
export function sortToSql(sorts: ParsedSort[], columns: ColumnMap, fallback: SQL[]): SQL[] {
  const chosen = sorts.map((s) => (s.direction === 'asc' ? asc(columns[s.field]!) : desc(columns[s.field]!)));
  return [...chosen, ...fallback];
}
