import type { ConversationStatus } from '@turumba/contracts';
import type { Db } from '@turumba/platform/db';
import { eq, inArray, isNull, sql } from 'drizzle-orm';
import type { InboxCounts } from './schema';
import { conversationStatuses, conversations } from './tables';
import { type Viewer, visibleConversations } from './viewer';

/**
 * The inbox tab counts. An interface so the exact-count query below can be swapped for counters
 * kept per (account, status, assignee, team) when 10 ms p99 at 1M rows is needed (BENCHMARKS.md).
 */
export interface InboxCounter {
  count(viewer: Viewer): Promise<InboxCounts>;
}

const activeStatuses: readonly ConversationStatus[] = ['open', 'bot', 'assigned', 'pending'];

/**
 * One statement grouped by status. The tabs count active conversations (open, bot, assigned,
 * pending) the viewer may see: `mine` assigned to them, `unassigned` with nobody, `team` in their
 * teams, `all` every one; `by_status` counts every status, resolved and closed included.
 */
/** The counts statement, unexecuted (the bench EXPLAINs it). */
export function countsStatement(db: Db, viewer: Viewer) {
  const c = conversations;
  const inTeams = viewer.teamIds.length ? inArray(c.teamId, viewer.teamIds) : sql`false`;
  return db
    .select({
      status: c.status,
      mine: sql<number>`(count(*) filter (where ${eq(c.assigneeId, viewer.userId)}))::int`,
      unassigned: sql<number>`(count(*) filter (where ${isNull(c.assigneeId)}))::int`,
      team: sql<number>`(count(*) filter (where ${inTeams}))::int`,
      all: sql<number>`count(*)::int`,
    })
    .from(c)
    .where(visibleConversations(viewer))
    .groupBy(c.status);
}

export function createSqlInboxCounter(db: Db): InboxCounter {
  return {
    async count(viewer) {
      const rows = await countsStatement(db, viewer);
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
    },
  };
}
