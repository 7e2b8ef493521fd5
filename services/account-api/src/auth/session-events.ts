import { SESSION_ENDED, type SessionEndedData } from '@turumba/contracts';
import type { Db } from '@turumba/platform/db';
import { enqueue } from '@turumba/platform/outbox';

/**
 * `auth.session.ended`, in the transaction that revoked the sign-in (`sessionId` = its refresh-token
 * family; null = every sign-in of the user), so Realtime closes the sockets opened with its tokens.
 */
export async function announceSessionEnded(
  tx: Db,
  userId: string,
  sessionId: string | null,
  reason: SessionEndedData['reason'],
  now: Date,
): Promise<void> {
  const data: SessionEndedData = { user_id: userId, session_id: sessionId, reason };
  await enqueue(tx, {
    event_type: SESSION_ENDED,
    account_id: null,
    aggregate_type: 'user',
    aggregate_id: userId,
    data,
    occurred_at: now,
  });
}
