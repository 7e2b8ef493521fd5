import {
  escapeLike,
  type FieldRules,
  filtersToSql,
  parseFilters,
  parseSort,
  sortToSql,
} from '@turumba/platform/query';
import { and, asc, eq, ilike, or, type SQL } from 'drizzle-orm';
import { channelTypes } from '../channels/tables';
import type { ListContactIdentifiersQuery } from './schema';
import { contactIdentifiers as t } from './tables';

const rules: FieldRules = {
  contact_id: { type: 'uuid', ops: ['eq', 'in'] },
  channel_type: { type: 'enum', values: channelTypes, ops: ['eq', 'in'], sortable: true },
  identifier: { type: 'string', ops: ['eq', 'icontains', 'startswith'], sortable: true },
  display_name: { type: 'string', ops: ['eq', 'icontains', 'is_null', 'is_not_null'], sortable: true },
  created_at: { type: 'datetime', ops: ['lt', 'le', 'gt', 'ge', 'range'], sortable: true },
  updated_at: { type: 'datetime', ops: ['lt', 'le', 'gt', 'ge', 'range'], sortable: true },
};
const columns = {
  contact_id: t.contactId,
  channel_type: t.channelType,
  identifier: t.identifier,
  display_name: t.displayName,
  created_at: t.createdAt,
  updated_at: t.updatedAt,
};

/** WHERE and ORDER BY of `GET /v1/contact-identifiers` (shorthand + whitelisted filter/sort). */
export function contactIdentifierListSql(query: ListContactIdentifiersQuery) {
  const pattern = query.q ? `%${escapeLike(query.q)}%` : undefined;
  const parts: (SQL | undefined)[] = [
    query.contact_id ? eq(t.contactId, query.contact_id) : undefined,
    query.channel_type ? eq(t.channelType, query.channel_type) : undefined,
    pattern ? or(ilike(t.identifier, pattern), ilike(t.displayName, pattern)) : undefined,
    filtersToSql(parseFilters(query.filter, rules), rules, columns),
  ];
  const present = parts.filter((p): p is SQL => p !== undefined);
  return {
    where: present.length ? and(...present) : undefined,
    orderBy: sortToSql(parseSort(query.sort, rules), columns, [asc(t.createdAt), asc(t.id)]),
  };
}
