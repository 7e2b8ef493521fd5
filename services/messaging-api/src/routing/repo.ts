import { type Db, selectList, statement } from '@turumba/platform/db';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { conversationCounts, conversations } from '../conversations/tables';
import type { AgentLoad } from './choose-agent';
import { agentRoutingState } from './tables';

export type ConversationRow = typeof conversations.$inferSelect;

/** What one claim attempt did (see claim_agent_slot in migration 0008). */
export type ClaimOutcome = 'taken' | 'none' | 'busy' | 'contended';

/** Statuses that hold a slot of the agent's capacity. */
export const activeStatuses = ['assigned', 'pending'] as const;

type AgentLoads = [userId: string, lastAssignedAt: string | null, active: number | string][] | null;

/**
 * Each agent's [user_id, last_assigned_at, active count] as one JSON array (see `lockWithLoads`).
 * The counts are the sums of the inbox counters (`conversation_counts`, kept by triggers in every
 * writer's transaction, so they equal COUNT(*) in the statement's snapshot): a few rows per agent,
 * where counting the conversations themselves read every active conversation of every candidate
 * (1,000 index entries and heap visits for 40 agents with 25 each).
 */
const loadsJson = (accountId: unknown, ids: unknown) => sql<AgentLoads>`(
    select json_agg(json_build_array(s.user_id, s.last_assigned_at, coalesce(l.active, 0)))
    from ${agentRoutingState} s
    left join (
      select ${conversationCounts.assigneeId} as user_id, sum(${conversationCounts.n}) as active
      from ${conversationCounts}
      where ${conversationCounts.accountId} = ${accountId}
        and ${inArray(conversationCounts.status, [...activeStatuses])}
        and ${conversationCounts.assigneeId} = any(${ids}::uuid[])
      group by 1
    ) l on l.user_id = s.user_id
    where s.account_id = ${accountId} and s.user_id = any(${ids}::uuid[]))`;

/** The conversation row, named once (the lock runs for every routing; see `selectList`). */
const conversationRow = selectList(conversations);

/**
 * Routing's two statements per decision, built once (see `statement`): the lock with the loads,
 * and one claim attempt (`claim_agent_slot`, migration 0008). Id lists are one uuid[] parameter.
 */
const lockWithLoadsStatement = statement<'id' | 'accountId' | 'userIds'>(
  (value) =>
    sql`select ${conversationRow.list}, ${loadsJson(value('accountId'), value('userIds'))} as agent_loads from ${conversations} where ${conversations.id} = ${value('id')} and ${conversations.accountId} = ${value('accountId')} for update of ${conversations}`,
);
const claimSlotStatement = statement<'accountId' | 'ranking' | 'limits' | 'now'>(
  (value) =>
    sql`select user_id, outcome from claim_agent_slot(${value('accountId')}::uuid, ${value('ranking')}::uuid[], ${value('limits')}::int[], ${value('now')}::timestamptz)`,
);
/** A list as one array parameter (not one parameter per item: cheaper to build and to send). */
const arrayParam = (items: readonly (string | number)[]) => `{${items.join(',')}}`;

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
      const result = await db.execute(
        lockWithLoadsStatement({ id, accountId, userIds: arrayParam(userIds) }),
      );
      const [found] = (
        result as unknown as { rows: (Record<string, unknown> & { agent_loads: AgentLoads })[] }
      ).rows;
      if (!found) return undefined;
      const row = conversationRow.fromRow(found);
      const loads = new Map<string, AgentLoad>();
      for (const [userId, lastAssignedAt, active] of found.agent_loads ?? [])
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
        claimSlotStatement({
          accountId,
          ranking: arrayParam(ranking),
          limits: arrayParam(limits),
          now: now.toISOString(),
        }),
      )) as unknown as { rows: { user_id: string | null; outcome: ClaimOutcome }[] };
      const [row] = result.rows;
      return { userId: row?.user_id ?? null, outcome: row?.outcome ?? 'none' };
    },
  };
}
export type RoutingRepo = ReturnType<typeof routingRepo>;
