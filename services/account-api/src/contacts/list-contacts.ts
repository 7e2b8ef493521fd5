import {
  escapeLike,
  type FieldRules,
  filtersToSql,
  parseFilters,
  parseSort,
  sortToSql,
} from '@turumba/platform/query';
import { and, desc, ilike, or, type SQL } from 'drizzle-orm';
import type { ListContactsQuery } from './schema';
import { contacts } from './tables';

const text = [
  'eq',
  'ne',
  'in',
  'contains',
  'icontains',
  'startswith',
  'endswith',
  'is_null',
  'is_not_null',
] as const;
const time = ['lt', 'le', 'gt', 'ge', 'range'] as const;

/** What `?filter=` and `?sort=` may name on contacts (ARCHITECTURE.md §3). */
export const contactFieldRules: FieldRules = {
  name: { type: 'string', ops: text, sortable: true },
  email: { type: 'string', ops: text, sortable: true },
  phone: { type: 'string', ops: text, sortable: true },
  labels: { type: 'string_array', ops: ['contains'] },
  created_at: { type: 'datetime', ops: time, sortable: true },
  updated_at: { type: 'datetime', ops: time, sortable: true },
};

const columns = {
  name: contacts.name,
  email: contacts.email,
  phone: contacts.phone,
  labels: contacts.labels,
  created_at: contacts.createdAt,
  updated_at: contacts.updatedAt,
};

/** The WHERE and ORDER BY of a contact list; 400 for a filter or sort off the whitelist. */
export function contactListSql(query: ListContactsQuery): { where: SQL | undefined; orderBy: SQL[] } {
  const filters = filtersToSql(parseFilters(query.filter, contactFieldRules), contactFieldRules, columns);
  const pattern = query.q ? `%${escapeLike(query.q)}%` : undefined;
  const search = pattern
    ? or(ilike(contacts.name, pattern), ilike(contacts.phone, pattern), ilike(contacts.email, pattern))
    : undefined;
  const sorts = parseSort(query.sort, contactFieldRules);
  return {
    where: and(filters, search),
    orderBy: sortToSql(sorts, columns, [desc(contacts.createdAt), desc(contacts.id)]),
  };
}
