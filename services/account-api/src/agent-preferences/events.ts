import {
  AGENT_PREFERENCE_UPDATED,
  type AgentPreferenceChangeReason,
  type AgentPreferences,
  AgentPreferenceUpdatedData,
} from '@turumba/contracts';
import type { Db } from '@turumba/platform/db';
import { enqueue } from '@turumba/platform/outbox';
import { accountIdsOfUser } from './members-repo';

export interface PreferenceChange {
  userId: string;
  reason: AgentPreferenceChangeReason;
  /** Null after a delete. */
  preferences: AgentPreferences | null;
  occurredAt: Date;
}

/** `availability_changed` when the manual toggle flipped, else `updated`. */
export function updateReason(before: boolean, after: boolean): AgentPreferenceChangeReason {
  return before === after ? 'updated' : 'availability_changed';
}

/**
 * Writes `agent.preference.updated` into the outbox in the caller's transaction: one event per
 * account the user belongs to, so each account's consumers (routing caches, realtime rooms) get it
 * under their own account_id and no account learns about another.
 */
export async function recordPreferenceChange(tx: Db, change: PreferenceChange): Promise<void> {
  const data = AgentPreferenceUpdatedData.parse({
    user_id: change.userId,
    reason: change.reason,
    preferences: change.preferences,
  });
  for (const accountId of await accountIdsOfUser(tx, change.userId)) {
    await enqueue(tx, {
      event_type: AGENT_PREFERENCE_UPDATED,
      account_id: accountId,
      aggregate_type: 'agent_preferences',
      aggregate_id: change.userId,
      data,
      occurred_at: change.occurredAt,
    });
  }
}
