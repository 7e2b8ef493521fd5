import type { MessageStatus } from '@turumba/contracts';
import type { Db } from '@turumba/platform/db';
import { enqueue } from '@turumba/platform/outbox';
import { and, eq } from 'drizzle-orm';
import { messages } from '../messages/tables';
import type { OutboundRow } from './repo';

async function emitStatus(tx: Db, row: OutboundRow, eventType: string, status: MessageStatus, now: Date) {
  await enqueue(tx, {
    event_type: eventType,
    account_id: row.accountId,
    aggregate_type: 'conversation',
    aggregate_id: row.conversationId,
    occurred_at: now,
    data: {
      message_id: row.id,
      conversation_id: row.conversationId,
      status,
      provider_message_id: row.providerMessageId,
      error: row.error,
      occurred_at: now.toISOString(),
    },
  });
}

/** The provider took the message: `sent` with its id, and `conversation.message.sent`, together. */
export async function recordSent(
  db: Db,
  row: OutboundRow,
  providerMessageId: string,
  now: Date,
): Promise<void> {
  await db.transaction(async (tx) => {
    const [sent] = await tx
      .update(messages)
      .set({ status: 'sent', providerMessageId, sentAt: now, error: null, updatedAt: now })
      .where(
        and(eq(messages.id, row.id), eq(messages.accountId, row.accountId), eq(messages.status, 'sending')),
      )
      .returning();
    if (sent) await emitStatus(tx, sent, 'conversation.message.sent', 'sent', now);
  });
}

/** Given up: `failed` with the provider's error, and `conversation.message.status`, together. */
export async function recordFailed(
  db: Db,
  row: OutboundRow,
  error: Record<string, unknown>,
  now: Date,
): Promise<void> {
  await db.transaction((tx) => recordFailedIn(tx, row, error, now));
}

/** recordFailed inside the caller's transaction; returns the failed row (undefined: not `sending`). */
export async function recordFailedIn(
  tx: Db,
  row: OutboundRow,
  error: Record<string, unknown>,
  now: Date,
): Promise<OutboundRow | undefined> {
  const [failed] = await tx
    .update(messages)
    .set({ status: 'failed', error, updatedAt: now })
    .where(
      and(eq(messages.id, row.id), eq(messages.accountId, row.accountId), eq(messages.status, 'sending')),
    )
    .returning();
  if (failed) await emitStatus(tx, failed, 'conversation.message.status', 'failed', now);
  return failed;
}
