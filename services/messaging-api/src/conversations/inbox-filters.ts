import { escapeLike, type FieldRules, filtersToSql, parseFilters } from '@turumba/platform/query';
import { and, eq, inArray, isNotNull, isNull, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { channelTypes } from '../channels/tables';
import type { InboxQuery } from './schema';
import { conversationPriorities, conversationStatuses, conversations } from './tables';
import { needsSubstringMatch, toSearchTsQuery } from './text-search';
import type { HolderColumns } from './viewer';

const ids = ['eq', 'ne', 'in', 'is_null', 'is_not_null'] as const;
const times = ['lt', 'le', 'gt', 'ge', 'range'] as const;
const optionalTimes = [...times, 'is_null', 'is_not_null'] as const;

/** The inbox's `filter=`/`sort=` whitelist (ARCHITECTURE.md §3); anything else is 400. */
export const inboxFieldRules: FieldRules = {
  status: { type: 'enum', values: conversationStatuses, ops: ['eq', 'ne', 'in'] },
  priority: { type: 'enum', values: conversationPriorities, ops: ['eq', 'ne', 'in'] },
  channel_type: { type: 'enum', values: channelTypes, ops: ['eq', 'ne', 'in'] },
  assignee_id: { type: 'uuid', ops: ids },
  team_id: { type: 'uuid', ops: ids },
  channel_id: { type: 'uuid', ops: ['eq', 'ne', 'in'] },
  contact_id: { type: 'uuid', ops: ids },
  labels: { type: 'string_array', ops: ['contains'] },
  display_id: { type: 'number', ops: ['eq', 'in', ...times], sortable: true },
  subject: { type: 'string', ops: ['eq', 'icontains', 'startswith', 'is_null', 'is_not_null'] },
  contact_name: { type: 'string', ops: ['eq', 'icontains', 'startswith', 'is_null', 'is_not_null'] },
  contact_identifier: { type: 'string', ops: ['eq', 'icontains', 'startswith'] },
  last_message_at: { type: 'datetime', ops: times, sortable: true },
  created_at: { type: 'datetime', ops: times, sortable: true },
  updated_at: { type: 'datetime', ops: times, sortable: true },
  first_reply_at: { type: 'datetime', ops: optionalTimes },
  resolved_at: { type: 'datetime', ops: optionalTimes },
  queued_at: { type: 'datetime', ops: optionalTimes },
  waiting_since: { type: 'datetime', ops: optionalTimes },
};

export const inboxColumnMap = {
  status: conversations.status,
  priority: conversations.priority,
  channel_type: conversations.channelType,
  assignee_id: conversations.assigneeId,
  team_id: conversations.teamId,
  channel_id: conversations.channelId,
  contact_id: conversations.contactId,
  labels: conversations.labels,
  display_id: conversations.displayId,
  subject: conversations.subject,
  contact_name: conversations.contactName,
  contact_identifier: conversations.contactIdentifier,
  last_message_at: conversations.lastMessageAt,
  created_at: conversations.createdAt,
  updated_at: conversations.updatedAt,
  first_reply_at: conversations.firstReplyAt,
  resolved_at: conversations.resolvedAt,
  queued_at: conversations.queuedAt,
  waiting_since: conversations.waitingSince,
};

/**
 * The words of the subject and contact name or of a non-system message (full-text, see
 * text-search.ts), or the contact identifier by substring (a phone number or address typed in
 * part); a query with punctuation also matches subject and contact name by substring. Written as
 * `id IN (union)` so that each branch is an index scan (the two full-text GIN indexes; trigram GIN
 * on the ILIKE columns, migration 0005, where pg_trgm exists) and only the matches meet the outer
 * filters and sort: an `OR` with a correlated `EXISTS` made PostgreSQL test every conversation of
 * the account. The branches are not tenant-scoped themselves: the outer query's visibility
 * condition is.
 */
function textSearch(q: string): SQL {
  const pattern = `%${escapeLike(q.trim())}%`;
  const tsquery = toSearchTsQuery(q);
  const substring = needsSubstringMatch(q)
    ? sql` or s.subject ilike ${pattern} or s.contact_name ilike ${pattern}`
    : sql``;
  const byWords = tsquery
    ? sql`union all select s.id from conversations s
        where to_tsvector('simple', coalesce(s.subject, '') || ' ' || coalesce(s.contact_name, '')) @@ to_tsquery('simple', ${tsquery})
      union all select m.conversation_id from messages m
        where to_tsvector('simple', m.content) @@ to_tsquery('simple', ${tsquery}) and m.direction <> 'system'`
    : sql``;
  return sql`${conversations.id} in (select s.id from conversations s
    where s.contact_identifier ilike ${pattern}${substring}
    ${byWords})`;
}

/** The key columns of a conversation or of a counter row (counts.ts). */
export interface KeyColumns extends HolderColumns {
  status: AnyPgColumn;
}

/** The shorthand filters on status, assignee and team: the ones the counters can answer too. */
function keyConditions(query: InboxQuery, userId: string, c: KeyColumns): (SQL | undefined)[] {
  const assignee = query.assignee_id;
  return [
    query.status ? inArray(c.status, query.status) : undefined,
    assignee ? eq(c.assigneeId, assignee === 'me' ? userId : assignee) : undefined,
    query.team_id ? eq(c.teamId, query.team_id) : undefined,
    query.unassigned === 'true' ? isNull(c.assigneeId) : undefined,
    query.unassigned === 'false' ? isNotNull(c.assigneeId) : undefined,
  ];
}

const allOf = (parts: (SQL | undefined)[]) => {
  const present = parts.filter((p): p is SQL => p !== undefined);
  return present.length ? and(...present) : undefined;
};

/** The spec's shorthand (`?status=open,pending&assignee_id=me...`) and `filter=` as one condition. */
export function inboxConditions(query: InboxQuery, userId: string): SQL | undefined {
  const c = conversations;
  const { channel_id, contact_id, labels } = query;
  return allOf([
    ...keyConditions(query, userId, c),
    channel_id ? eq(c.channelId, channel_id) : undefined,
    contact_id ? eq(c.contactId, contact_id) : undefined,
    query.priority ? inArray(c.priority, query.priority) : undefined,
    labels ? sql`${c.labels} @> ${JSON.stringify(labels)}::jsonb` : undefined,
    query.q ? textSearch(query.q) : undefined,
    filtersToSql(parseFilters(query.filter, inboxFieldRules), inboxFieldRules, inboxColumnMap),
  ]);
}

/** Query fields the counters can answer; any other field set sends `meta.total` to `COUNT(*)`. */
const countableFields = new Set([
  'status',
  'assignee_id',
  'team_id',
  'unassigned',
  'skip',
  'limit',
  'sort',
  'cursor',
]);

/**
 * The same condition over counter rows when the query filters by nothing but status, assignee
 * and team (the inbox tabs); `null` when it filters by anything else (a whitelist, so a filter
 * added later is counted exactly until someone decides otherwise).
 */
export function counterConditions(query: InboxQuery, userId: string, k: KeyColumns): SQL | undefined | null {
  const isEmpty = (value: unknown) => value === undefined || (Array.isArray(value) && value.length === 0);
  const isCountable = Object.entries(query).every(
    ([field, value]) => isEmpty(value) || countableFields.has(field),
  );
  return isCountable ? allOf(keyConditions(query, userId, k)) : null;
}
