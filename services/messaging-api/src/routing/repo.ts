import type { Db } from '@turumba/platform/db';
import { and, eq, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { conversations } from '../conversations/tables';
import type { AgentLoad } from './choose-agent';
import { agentRoutingState } from './tables';

export type ConversationRow = typeof conversations.$inferSelect;

/** Statuses that hold a slot of the agent's capacity. */
export const activeStatuses = ['assigned', 'pending'] as const;

/** A list of ids as one uuid[] parameter (not one parameter per id: cheaper to build and to send). */
const uuidArray = (ids: string[]) => sql`${sql.param(`{${ids.join(',')}}`)}::uuid[]`;
const isAnyOf = (ids: string[]) => sql`${agentRoutingState.userId} = any(${uuidArray(ids)})`;

/** COUNT(*) of the agent's active conversations in the account (the inbox index serves it). */
function activeCountOf(userId: AnyPgColumn, accountId: string) {
  return sql<number>`(select count(*) from ${conversations} where ${conversations.accountId} = ${accountId} and ${conversations.assigneeId} = ${userId} and ${conversations.status} in ('assigned', 'pending'))`;
}

/*
 * Routing reads conversations and writes only what is its own: bot_context, queued_at and the
 * inbox fields of a bot message. Status, assignee, team, labels and priority change through the
 * conversations module's applyUpdate (history, activity lines, events).
 */
export function routingRepo(db: Db) {
  return {
    async lockConversation(accountId: string, id: string): Promise<ConversationRow | undefined> {
      const [row] = await db
        .select()
        .from(conversations)
        .where(and(eq(conversations.id, id), eq(conversations.accountId, accountId)))
        .for('update');
      return row;
    },

    async updateConversation(
      accountId: string,
      id: string,
      patch: Partial<
        Pick<
          ConversationRow,
          'botContext' | 'queuedAt' | 'lastMessageAt' | 'lastMessagePreview' | 'updatedAt'
        >
      >,
    ): Promise<ConversationRow> {
      const [row] = await db
        .update(conversations)
        .set(patch)
        .where(and(eq(conversations.id, id), eq(conversations.accountId, accountId)))
        .returning();
      return row!;
    },

    /**
     * Active conversation counts and last automatic assignment of each agent, in one round trip
     * (a snapshot: the claim counts again under the agent's lock), and which agents have a
     * routing row yet.
     */
    async loads(accountId: string, userIds: string[]) {
      const loads = new Map<string, AgentLoad>();
      const withRow = new Set<string>();
      if (userIds.length === 0) return { loads, withRow };
      const rows = await db
        .select({
          userId: agentRoutingState.userId,
          lastAssignedAt: agentRoutingState.lastAssignedAt,
          active: activeCountOf(agentRoutingState.userId, accountId),
        })
        .from(agentRoutingState)
        .where(and(eq(agentRoutingState.accountId, accountId), isAnyOf(userIds)));
      for (const row of rows) {
        withRow.add(row.userId);
        loads.set(row.userId, { active: Number(row.active), lastAssignedAt: row.lastAssignedAt });
      }
      return { loads, withRow };
    },

    async ensureAgentRows(accountId: string, userIds: string[], ids: () => string, now: Date): Promise<void> {
      if (userIds.length === 0) return;
      // Sorted: concurrent inserts of the same new rows then wait on each other in one order only.
      await db
        .insert(agentRoutingState)
        .values(
          [...userIds]
            .sort()
            .map((userId) => ({ id: ids(), accountId, userId, createdAt: now, updatedAt: now })),
        )
        .onConflictDoNothing();
    },

    /**
     * Locks the best-ranked of `userIds` that no other transaction holds (SKIP LOCKED: concurrent
     * claims spread over the team instead of queueing on the top agent); null when all are held.
     */
    async lockBestFree(accountId: string, userIds: string[]): Promise<string | null> {
      const ranking = uuidArray(userIds);
      const [row] = await db
        .select({ userId: agentRoutingState.userId })
        .from(agentRoutingState)
        .where(
          and(eq(agentRoutingState.accountId, accountId), sql`${agentRoutingState.userId} = any(${ranking})`),
        )
        .orderBy(sql`array_position(${ranking}, ${agentRoutingState.userId})`)
        .limit(1)
        .for('update', { skipLocked: true });
      return row?.userId ?? null;
    },

    async hasAgentRows(accountId: string, userIds: string[]): Promise<boolean> {
      const rows = await db
        .select({ id: agentRoutingState.id })
        .from(agentRoutingState)
        .where(and(eq(agentRoutingState.accountId, accountId), isAnyOf(userIds)))
        .limit(1);
      return rows.length > 0;
    },

    /**
     * Takes a slot of an agent whose row this transaction has locked: counts their active
     * conversations in a statement that starts after the lock was granted, so every earlier claim on
     * them has committed and is counted; records the assignment only below `max`.
     */
    async takeSlot(accountId: string, userId: string, max: number, now: Date): Promise<boolean> {
      const rows = await db
        .update(agentRoutingState)
        .set({
          lastAssignedAt: now,
          assignmentsTotal: sql`${agentRoutingState.assignmentsTotal} + 1`,
          updatedAt: now,
        })
        .where(
          and(
            eq(agentRoutingState.accountId, accountId),
            eq(agentRoutingState.userId, userId),
            sql`${activeCountOf(agentRoutingState.userId, accountId)} < ${max}`,
          ),
        )
        .returning({ id: agentRoutingState.id });
      return rows.length > 0;
    },
  };
}
export type RoutingRepo = ReturnType<typeof routingRepo>;
