import { escapeLike, type FieldRules, filtersToSql, parseFilters } from '@turumba/platform/query';
import { and, eq, ilike, inArray, isNotNull, isNull, or, type SQL, sql } from 'drizzle-orm';
import { channelTypes } from '../channels/tables';
import { conversationIdRef } from './repo';
import type { InboxQuery } from './schema';
import { conversationPriorities, conversationStatuses, conversations } from './tables';
import { toPrefixTsQuery } from './text-search';

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
 * Subject, contact name or identifier (substring ILIKE, wildcards escaped), or the words of a
 * non-system message (full-text prefix match on the GIN index, see text-search.ts).
 */
function textSearch(q: string): SQL {
  const pattern = `%${escapeLike(q)}%`;
  const tsquery = toPrefixTsQuery(q);
  const inMessages = tsquery
    ? sql`exists (select 1 from messages m where m.conversation_id = ${conversationIdRef}
        and to_tsvector('simple', m.content) @@ to_tsquery('simple', ${tsquery}) and m.direction <> 'system')`
    : undefined;
  return or(
    ilike(conversations.subject, pattern),
    ilike(conversations.contactName, pattern),
    ilike(conversations.contactIdentifier, pattern),
    inMessages,
  )!;
}

/** The spec's shorthand (`?status=open,pending&assignee_id=me...`) and `filter=` as one condition. */
export function inboxConditions(query: InboxQuery, userId: string): SQL | undefined {
  const c = conversations;
  const { assignee_id: assignee, team_id, channel_id, contact_id, labels } = query;
  const parts: (SQL | undefined)[] = [
    query.status ? inArray(c.status, query.status) : undefined,
    assignee ? eq(c.assigneeId, assignee === 'me' ? userId : assignee) : undefined,
    team_id ? eq(c.teamId, team_id) : undefined,
    channel_id ? eq(c.channelId, channel_id) : undefined,
    contact_id ? eq(c.contactId, contact_id) : undefined,
    query.priority ? inArray(c.priority, query.priority) : undefined,
    labels ? sql`${c.labels} @> ${JSON.stringify(labels)}::jsonb` : undefined,
    query.unassigned === 'true' ? isNull(c.assigneeId) : undefined,
    query.unassigned === 'false' ? isNotNull(c.assigneeId) : undefined,
    query.q ? textSearch(query.q) : undefined,
    filtersToSql(parseFilters(query.filter, inboxFieldRules), inboxFieldRules, inboxColumnMap),
  ];
  const present = parts.filter((p): p is SQL => p !== undefined);
  return present.length ? and(...present) : undefined;
}
