import type { ConversationStatus } from '@turumba/contracts';
import type { Db } from '@turumba/platform/db';
import { eq, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import type { InboxCounts } from './schema';
import { conversationCounts, conversationStatuses, conversations } from './tables';
import { type HolderColumns, type Viewer, visibleConversations } from './viewer';

/** The inbox tab counts of a viewer (`GET /v1/conversations/counts`). */
export interface InboxCounter {
  count(viewer: Viewer): Promise<InboxCounts>;
}

const activeStatuses: readonly ConversationStatus[] = ['open', 'bot', 'assigned', 'pending'];

interface CountsRow {
  status: ConversationStatus;
  mine: number;
  unassigned: number;
  team: number;
  all: number;
}

/**
 * The tabs count active conversations (open, bot, assigned, pending) the viewer may see: `mine`
 * assigned to them, `unassigned` with nobody, `team` in their teams, `all` every one; `by_status`
 * counts every status, resolved and closed included.
 */
function foldCounts(rows: CountsRow[]): InboxCounts {
  const counts: InboxCounts = {
    mine: 0,
    unassigned: 0,
    team: 0,
    all: 0,
    by_status: Object.fromEntries(conversationStatuses.map((s) => [s, 0])) as InboxCounts['by_status'],
  };
  for (const row of rows) {
    counts.by_status[row.status] = row.all;
    if (!activeStatuses.includes(row.status)) continue;
    counts.mine += row.mine;
    counts.unassigned += row.unassigned;
    counts.team += row.team;
    counts.all += row.all;
  }
  return counts;
}

/** `aggregate(*) filter (where ...)` per tab over rows that carry status, assignee and team. */
function tabs(viewer: Viewer, c: HolderColumns, measure: SQL) {
  const inTeams = viewer.teamIds.length ? inArray(c.teamId, viewer.teamIds) : sql`false`;
  return {
    mine: sql<number>`(coalesce(${measure} filter (where ${eq(c.assigneeId, viewer.userId)}), 0))::int`,
    unassigned: sql<number>`(coalesce(${measure} filter (where ${isNull(c.assigneeId)}), 0))::int`,
    team: sql<number>`(coalesce(${measure} filter (where ${inTeams}), 0))::int`,
    all: sql<number>`(coalesce(${measure}, 0))::int`,
  };
}

/**
 * The counts from the maintained counters (`conversation_counts`, kept by triggers in the same
 * transaction as every write; tables.ts, migration 0005): a sum over the viewer's visible keys,
 * a few hundred rows whatever the number of conversations. Unexecuted (the bench EXPLAINs it).
 */
export function countsStatement(db: Db, viewer: Viewer) {
  const k = conversationCounts;
  return db
    .select({ status: k.status, ...tabs(viewer, k, sql`sum(${k.n})`) })
    .from(k)
    .where(visibleConversations(viewer, k))
    .groupBy(k.status);
}

/** The same numbers by an exact `COUNT(*)` over the conversations (linear in the account's size). */
export function exactCountsStatement(db: Db, viewer: Viewer) {
  const c = conversations;
  return db
    .select({ status: c.status, ...tabs(viewer, c, sql`count(*)`) })
    .from(c)
    .where(visibleConversations(viewer))
    .groupBy(c.status);
}

/** What the endpoint uses: one statement over the counters. */
export function createInboxCounter(db: Db): InboxCounter {
  return { count: async (viewer) => foldCounts(await countsStatement(db, viewer)) };
}

/** The reference the counters must always equal (tests and the bench compare both). */
export function createExactInboxCounter(db: Db): InboxCounter {
  return { count: async (viewer) => foldCounts(await exactCountsStatement(db, viewer)) };
}

export interface CounterDrift {
  side: 'counted' | 'kept';
  accountId: string;
  status: string;
  assigneeId: string | null;
  teamId: string | null;
  n: number;
}

/**
 * The invariant check "counters equal COUNT(*)", over every account on purpose (an operator's and
 * the fault tests' check, never served to a tenant): the (account, status, assignee, team) keys
 * whose `COUNT(*)` (`counted`) and counter sum (`kept`) differ, from one snapshot. Empty = exact.
 */
export async function findCounterDrift(db: Db): Promise<CounterDrift[]> {
  const result = (await db.execute(sql`
    with counted as (
      select account_id, status, assignee_id, team_id, count(*)::bigint as n
      from conversations group by 1, 2, 3, 4
    ), kept as (
      select account_id, status, assignee_id, team_id, sum(n)::bigint as n
      from conversation_counts group by 1, 2, 3, 4 having sum(n) <> 0
    )
    (select 'counted' as side, * from (select * from counted except select * from kept) only_counted)
    union all
    (select 'kept' as side, * from (select * from kept except select * from counted) only_kept)`)) as unknown as {
    rows: Record<string, unknown>[];
  };
  return result.rows.map((r) => ({
    side: r.side as CounterDrift['side'],
    accountId: String(r.account_id),
    status: String(r.status),
    assigneeId: (r.assignee_id as string | null) ?? null,
    teamId: (r.team_id as string | null) ?? null,
    n: Number(r.n),
  }));
}
