import { idColumn, timestampColumns } from '@turumba/platform/db/columns';
import { integer, pgTable, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * One row per (account, agent) that routing has considered. Its row lock serialises capacity
 * claims on the agent: a claim locks the row, counts the agent's active conversations (assigned or
 * pending) in `conversations`, and assigns only below the limit. The load itself is never stored,
 * so it cannot drift from COUNT(*) whatever resolves, closes, unassigns or reassigns a conversation.
 */
export const agentRoutingState = pgTable(
  'agent_routing_state',
  {
    id: idColumn(),
    accountId: uuid('account_id').notNull(),
    userId: uuid('user_id').notNull(),
    /** The last automatic assignment: round robin and "longest idle" order by it. */
    lastAssignedAt: timestamp('last_assigned_at', { withTimezone: true }),
    /** Automatic assignments so far (statistics; never used as the load). */
    assignmentsTotal: integer('assignments_total').notNull().default(0),
    ...timestampColumns(),
  },
  (t) => [uniqueIndex('agent_routing_state_account_user_uq').on(t.accountId, t.userId)],
);
