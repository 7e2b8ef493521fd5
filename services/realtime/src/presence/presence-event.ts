import { AGENT_PRESENCE_CHANGED, type AgentStatus, type EventEnvelope } from '@turumba/contracts';

/**
 * `agent.presence.changed`, one envelope per account of the user (its `account_id` is the tenant
 * whose agents see it). Published straight to the bus: presence lives in Redis, not in a
 * database with an outbox, and a lost one is corrected by the next change or heartbeat.
 */
export function presenceEnvelopes(
  input: { userId: string; accountIds: string[]; status: AgentStatus },
  ids: () => string,
  now: Date,
): EventEnvelope[] {
  return input.accountIds.map((account_id) => ({
    event_id: ids(),
    event_type: AGENT_PRESENCE_CHANGED,
    version: 1,
    occurred_at: now.toISOString(),
    account_id,
    aggregate_type: 'agent',
    aggregate_id: input.userId,
    data: { user_id: input.userId, account_ids: input.accountIds, status: input.status },
  }));
}
