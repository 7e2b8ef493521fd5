import type { Db } from '@turumba/platform/db';
import { BadRequest } from '@turumba/platform/errors';
import { parseSort } from '@turumba/platform/query';
import { and, asc, count, desc, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { decodeCursor, encodeCursor, timestampKeyFormat, timestampKeyPattern } from './cursor';
import { counterConditions, inboxColumnMap, inboxConditions, inboxFieldRules } from './inbox-filters';
import { type InboxRow, inboxColumns } from './repo';
import type { InboxQuery } from './schema';
import { conversationCounts, conversations } from './tables';
import { type Viewer, visibleConversations } from './viewer';

type SortField = 'last_message_at' | 'created_at' | 'updated_at' | 'display_id';
interface Sort {
  field: SortField;
  direction: 'asc' | 'desc';
}

const CursorKey = z.object({
  s: z.enum(['last_message_at', 'created_at', 'updated_at', 'display_id']),
  d: z.enum(['asc', 'desc']),
  v: z.union([z.string().max(40), z.number().int()]),
  id: z.uuid(),
});
type CursorKey = z.infer<typeof CursorKey>;

/** One sort field (default last_message_at:desc); id in the same direction breaks ties. */
function chooseSort(query: InboxQuery): Sort {
  const sorts = parseSort(query.sort, inboxFieldRules);
  if (sorts.length > 1) throw new BadRequest('The inbox sorts by one field', { sort: query.sort });
  const [sort] = sorts;
  return sort
    ? { field: sort.field as SortField, direction: sort.direction }
    : { field: 'last_message_at', direction: 'desc' };
}

/** The sort column as cursor text: microsecond UTC text for times, the number for display_id. */
function keyOf(sort: Sort): SQL<string | number> {
  const column = inboxColumnMap[sort.field];
  return sort.field === 'display_id'
    ? sql<number>`${column}`
    : sql<string>`to_char(${column} at time zone 'UTC', ${timestampKeyFormat})`;
}

/** Rows strictly after the cursor row in the sort order: `(key, id) < (v, id)` for desc. */
function afterCursor(sort: Sort, cursor: CursorKey): SQL {
  if (cursor.s !== sort.field || cursor.d !== sort.direction) {
    throw new BadRequest('The cursor belongs to another sort order', { cursor: 'sort mismatch' });
  }
  const isNumber = sort.field === 'display_id';
  if (isNumber ? typeof cursor.v !== 'number' : !timestampKeyPattern.test(String(cursor.v))) {
    throw new BadRequest('Invalid cursor', { cursor: 'bad key' });
  }
  const column = inboxColumnMap[sort.field];
  const value = isNumber ? sql`${cursor.v}::int` : sql`${cursor.v}::timestamptz`;
  const op = sql.raw(sort.direction === 'desc' ? '<' : '>');
  return sql`(${column}, ${conversations.id}) ${op} (${value}, ${cursor.id}::uuid)`;
}

export interface InboxPage {
  rows: InboxRow[];
  total?: number;
  nextCursor: string | null;
}

/** The statements of one inbox request, unexecuted (the bench EXPLAINs exactly these). */
export function inboxStatements(db: Db, viewer: Viewer, query: InboxQuery) {
  const sort = chooseSort(query);
  const where = and(visibleConversations(viewer), inboxConditions(query, viewer.userId));
  const cursor = query.cursor ? decodeCursor(query.cursor, CursorKey) : undefined;
  // NULLS LAST matches conversations_recent_idx (account_id, last_message_at DESC NULLS LAST, id
  // DESC NULLS LAST), so the first page is an index walk, not a sort (the columns are NOT NULL).
  // Other indexes are ascending, read backwards as DESC NULLS FIRST: plain DESC matches those.
  const nullsLast = sort.field === 'last_message_at';
  const dir =
    sort.direction === 'asc'
      ? asc
      : (column: AnyPgColumn) => (nullsLast ? sql`${column} desc nulls last` : desc(column));
  // A text search counts its matches in the page's own statement (`count(*) over ()`, before
  // LIMIT): the match set is read once instead of once for the page and again for the total.
  const totalInPage = Boolean(query.q) && !cursor;
  const page = db
    .select({
      ...inboxColumns(viewer.userId),
      sortKey: keyOf(sort),
      ...(totalInPage ? { matches: sql<number>`(count(*) over ())::int` } : {}),
    })
    .from(conversations)
    .where(cursor ? and(where, afterCursor(sort, cursor)) : where)
    .orderBy(dir(inboxColumnMap[sort.field]), dir(conversations.id))
    .offset(cursor ? 0 : query.skip)
    .limit(query.limit + 1);
  const total = cursor ? undefined : totalStatement(db, viewer, query, where);
  return {
    sort,
    page,
    total: totalInPage ? undefined : total,
    totalIfPageEmpty: totalInPage ? total : undefined,
  };
}

/**
 * `meta.total`: from the counters when the query filters only by status, assignee and team (every
 * tab of the inbox; a sum over a few hundred rows), else an exact count of the matching rows.
 */
function totalStatement(db: Db, viewer: Viewer, query: InboxQuery, where: SQL | undefined) {
  const k = conversationCounts;
  const onCounters = counterConditions(query, viewer.userId, k);
  if (onCounters === null) return db.select({ total: count() }).from(conversations).where(where);
  return db
    .select({ total: sql<number>`coalesce(sum(${k.n}), 0)::int` })
    .from(k)
    .where(and(visibleConversations(viewer, k), onCounters));
}

/**
 * The inbox: visibility, filters, one sort with id as tie-break, offset or keyset paging. Two
 * statements (the page with unread counts, and the total unless paging by cursor); one for a text
 * search, whose page carries its match count (two when the page is past the last match).
 */
export async function listInbox(db: Db, viewer: Viewer, query: InboxQuery): Promise<InboxPage> {
  const { sort, page: pageQuery, total: totalQuery, totalIfPageEmpty } = inboxStatements(db, viewer, query);
  const [page, totals] = await Promise.all([pageQuery, totalQuery]);
  const hasMore = page.length > query.limit;
  const rows = page.slice(0, query.limit);
  const last = rows.at(-1);
  const nextCursor =
    hasMore && last ? encodeCursor({ s: sort.field, d: sort.direction, v: last.sortKey, id: last.id }) : null;
  let total = totals?.[0]?.total;
  if (totalIfPageEmpty) {
    // The window count rides on the rows; a page past the end has none to carry it.
    const first = page[0] as { matches?: number } | undefined;
    total = first ? first.matches : (await totalIfPageEmpty)[0]?.total;
  }
  return { rows, total, nextCursor };
}
