import type { TeamMembershipChangedData } from '@turumba/contracts';
import type { NewEvent } from '@turumba/platform/outbox';

/** Routing caches eligibility per team, so every membership change refreshes the user's. */
export const AGENT_PREFERENCE_UPDATED = 'agent.preference.updated';

export function membershipChangedEvent(
  change: Omit<TeamMembershipChangedData, 'reason'>,
  now: Date,
): NewEvent {
  const data: TeamMembershipChangedData = { ...change, reason: 'team_membership_changed' };
  return {
    event_type: AGENT_PREFERENCE_UPDATED,
    account_id: change.account_id,
    aggregate_type: 'agent_preference',
    aggregate_id: change.user_id,
    data,
    occurred_at: now,
  };
}
