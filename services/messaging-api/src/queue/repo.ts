import type { Db } from '@turumba/platform/db';
import { and, asc, eq, getTableColumns, inArray, isNotNull, isNull, type SQL, sql } from 'drizzle-orm';
import { conversations } from '../conversations/tables';

/*
 * The waiting queue is a view over conversations: open, nobody assigned, queued_at set. Its order
 * is priority (urgent > high > normal > low), then waiting time, then id (a total order, so every
 * reader computes the same positions). Each team has its own queue (team_id null = the account's
 * general queue): `position` counts within it, `account_position` across the account.
 */

const c = conversations;
export type QueueRow = typeof conversations.$inferSelect;
export type QueueEntryRow = QueueRow & { position: number; accountPosition: number };

export const priorityRank = sql<number>`(case ${c.priority} when 'urgent' then 0 when 'high' then 1 when 'normal' then 2 else 3 end)`;
const order = sql`${priorityRank}, ${c.queuedAt}, ${c.id}`;

export function isWaiting(accountIds: string[]): SQL {
  return and(
    inArray(c.accountId, accountIds),
    eq(c.status, 'open'),
    isNull(c.assigneeId),
    isNotNull(c.queuedAt),
  )!;
}

/** Routed conversations the drain may assign (not the manual queue, not the never-routed ones). */
const isAutoRouted = sql`${c.botContext} -> 'routing' is not null and coalesce(${c.botContext} -> 'routing' ->> 'strategy', '') <> 'manual_queue'`;

export function queueRepo(db: Db) {
  return {
    /** Queue entries with positions, in account order; `visible` narrows what the reader sees, not the positions. */
    async entries(
      accountIds: string[],
      opts: { visible: SQL; teamId?: string; skip: number; limit: number },
    ) {
      if (accountIds.length === 0) return { rows: [] as QueueEntryRow[], total: 0 };
      const inner = db
        .select({
          ...getTableColumns(c),
          position:
            sql<number>`row_number() over (partition by ${c.accountId}, ${c.teamId} order by ${order})`.as(
              'position',
            ),
          accountPosition: sql<number>`row_number() over (partition by ${c.accountId} order by ${order})`.as(
            'account_position',
          ),
          isVisible: sql<boolean>`(${opts.visible})`.as('is_visible'),
        })
        .from(c)
        .where(isWaiting(accountIds))
        .as('q');
      const where = and(eq(inner.isVisible, true), opts.teamId ? eq(inner.teamId, opts.teamId) : undefined);
      const rows = await db
        .select()
        .from(inner)
        .where(where)
        .orderBy(asc(inner.accountId), asc(inner.accountPosition))
        .offset(opts.skip)
        .limit(opts.limit);
      const [counted] = await db.select({ n: sql<number>`count(*)::int` }).from(inner).where(where);
      return { rows: rows.map(toEntry), total: counted?.n ?? 0 };
    },

    /**
     * Serialises joining one team's queue until the transaction ends, so conversations queued at
     * the same moment get distinct, increasing positions (take it before reading the clock for
     * queued_at). Leaving the queue needs no lock: it only moves others up.
     */
    async lockQueue(accountId: string, teamId: string | null): Promise<void> {
      await db.execute(
        sql`select pg_advisory_xact_lock(hashtextextended(${`queue:${accountId}:${teamId ?? ''}`}, 0))`,
      );
    },

    /** 1-based position of a waiting conversation in its team's queue. */
    async positionOf(
      row: Pick<QueueRow, 'id' | 'accountId' | 'teamId' | 'priority' | 'queuedAt'>,
    ): Promise<number> {
      const rank = sql`(case ${row.priority} when 'urgent' then 0 when 'high' then 1 when 'normal' then 2 else 3 end)`;
      const [ahead] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(c)
        .where(
          and(
            isWaiting([row.accountId]),
            row.teamId ? eq(c.teamId, row.teamId) : isNull(c.teamId),
            sql`(${priorityRank}, ${c.queuedAt}, ${c.id}) < (${rank}, ${row.queuedAt!.toISOString()}::timestamptz, ${row.id}::uuid)`,
          ),
        );
      return (ahead?.n ?? 0) + 1;
    },

    /** Routed waiting conversations of the account in queue order, for the drain. */
    routable(accountId: string, limit: number): Promise<QueueRow[]> {
      return db
        .select()
        .from(c)
        .where(and(isWaiting([accountId]), isAutoRouted))
        .orderBy(priorityRank, asc(c.queuedAt), asc(c.id))
        .limit(limit);
    },

    /**
     * Accounts with anyone waiting, each with whether its queue holds something the drain could
     * assign (routed, not the manual queue). A full scan: at start-up only.
     */
    async accountsQueued(): Promise<{ accountId: string; routable: boolean }[]> {
      return db
        .select({ accountId: c.accountId, routable: sql<boolean>`bool_or(${isAutoRouted})` })
        .from(c)
        .where(and(eq(c.status, 'open'), isNull(c.assigneeId), isNotNull(c.queuedAt)))
        .groupBy(c.accountId);
    },
  };
}

function toEntry(row: QueueRow & { position: number; accountPosition: number; isVisible: boolean }) {
  const { isVisible: _visible, ...rest } = row;
  return { ...rest, position: Number(row.position), accountPosition: Number(row.accountPosition) };
}
export type QueueRepo = ReturnType<typeof queueRepo>;
