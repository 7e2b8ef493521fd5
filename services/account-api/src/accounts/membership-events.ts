import type { Db } from '@turumba/platform/db';
import { enqueue } from '@turumba/platform/outbox';

export type MembershipChange = 'added' | 'removed' | 'role_changed' | 'deactivated' | 'reactivated';

export interface MembershipChanged {
  accountId: string;
  userId: string;
  change: MembershipChange;
  /** The role key the user holds after the change (null once removed). */
  role: string | null;
  /** Whether the user is an active member of the account after the change. */
  isActive: boolean;
}

/**
 * `agent.preference.updated` with reason `membership_changed`, in the caller's transaction: the
 * routing engine caches who is eligible in an account and must hear of every membership change.
 */
export async function enqueueMembershipChanged(tx: Db, event: MembershipChanged, now: Date): Promise<void> {
  await enqueue(tx, {
    event_type: 'agent.preference.updated',
    account_id: event.accountId,
    aggregate_type: 'user',
    aggregate_id: event.userId,
    occurred_at: now,
    data: {
      user_id: event.userId,
      reason: 'membership_changed',
      change: event.change,
      role: event.role,
      is_active: event.isActive,
    },
  });
}
