import type { Db } from '@turumba/platform/db';
import { and, eq, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { conversations } from '../conversations/tables';
import type { AgentLoad } from './choose-agent';
import { agentRoutingState } from './tables';

export type ConversationRow = typeof conversations.$inferSelect;

/** What one claim attempt did (see claim_agent_slot in migration 0008). */
export type ClaimOutcome = 'taken' | 'none' | 'busy' | 'contended';

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
     * One attempt of the claim walk (`claim_agent_slot`, migration 0008): lock the best-ranked agent
     * no other transaction holds, count their active conversations after the lock, take the slot
     * below their limit (`limits[i]` for `ranking[i]`), else try the next.
     */
    async claimSlot(
      accountId: string,
      ranking: string[],
      limits: number[],
      now: Date,
    ): Promise<{ userId: string | null; outcome: ClaimOutcome }> {
      const result = (await db.execute(
        sql`select user_id, outcome from claim_agent_slot(${accountId}::uuid, ${uuidArray(ranking)}, ${sql.param(`{${limits.join(',')}}`)}::int[], ${now.toISOString()}::timestamptz)`,
      )) as unknown as { rows: { user_id: string | null; outcome: ClaimOutcome }[] };
      const [row] = result.rows;
      return { userId: row?.user_id ?? null, outcome: row?.outcome ?? 'none' };
    },
  };
}
export type RoutingRepo = ReturnType<typeof routingRepo>;
