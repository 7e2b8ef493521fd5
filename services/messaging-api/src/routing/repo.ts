import type { Db } from '@turumba/platform/db';
import { and, eq, getTableColumns, sql } from 'drizzle-orm';
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

/** COUNT(*) of the agent's active conversations in the account (a partial index holds just those). */
function activeCountOf(userId: AnyPgColumn, accountId: string) {
  return sql<number>`(select count(*) from ${conversations} where ${conversations.accountId} = ${accountId} and ${conversations.assigneeId} = ${userId} and ${conversations.status} in ('assigned', 'pending'))`;
}

/** Each agent's [user_id, last_assigned_at, active count] as one JSON array (see `lockWithLoads`). */
function loadsJson(accountId: string, userIds: string[]) {
  return sql<
    [string, string | null, number][] | null
  >`(select json_agg(json_build_array(${agentRoutingState.userId}, ${agentRoutingState.lastAssignedAt}, ${activeCountOf(agentRoutingState.userId, accountId)})) from ${agentRoutingState} where ${agentRoutingState.accountId} = ${accountId} and ${isAnyOf(userIds)})`;
}

const conversationColumns = getTableColumns(conversations);

/*
 * Routing reads conversations and writes only what is its own: bot_context, queued_at and the
 * inbox fields of a bot message. Status, assignee, team, labels and priority change through the
 * conversations module's applyUpdate (history, activity lines, events).
 */
export function routingRepo(db: Db) {
  return {
    /**
     * Locks the conversation and reads the agents' loads in the same statement (one round trip
     * instead of two): the loads are a snapshot taken as the statement starts, for ranking only;
     * the claim counts again under each agent's lock. Agents without a routing row are left out.
     */
    async lockWithLoads(
      accountId: string,
      id: string,
      userIds: string[],
    ): Promise<{ row: ConversationRow; loads: Map<string, AgentLoad> } | undefined> {
      const [found] = await db
        .select({ ...conversationColumns, agentLoads: loadsJson(accountId, userIds) })
        .from(conversations)
        .where(and(eq(conversations.id, id), eq(conversations.accountId, accountId)))
        .for('update', { of: conversations });
      if (!found) return undefined;
      const { agentLoads, ...row } = found;
      const loads = new Map<string, AgentLoad>();
      for (const [userId, lastAssignedAt, active] of agentLoads ?? [])
        loads.set(userId, {
          active: Number(active),
          lastAssignedAt: lastAssignedAt ? new Date(lastAssignedAt) : null,
        });
      return { row, loads };
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
