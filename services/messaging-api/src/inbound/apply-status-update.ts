import type { Db } from '@turumba/platform/db';
import { enqueue } from '@turumba/platform/outbox';
import { and, eq, inArray, lte, sql } from 'drizzle-orm';
import type { StatusUpdate } from '../channels/adapters';
import type { LoadedChannel } from '../channels/channel-store';
import { conversations } from '../conversations/tables';
import { messages } from '../messages/tables';
import { nextDeliveryStatus, reachedTimestamps } from './delivery-status';

type MessageRow = typeof messages.$inferSelect;
export type StatusOutcome = 'applied' | 'unchanged' | 'unknown';

/** The outbound messages a receipt is about, locked: one by provider id, or all up to a watermark. */
async function receiptTargets(tx: Db, channel: LoadedChannel, update: StatusUpdate): Promise<MessageRow[]> {
  const outbound = and(
    eq(messages.accountId, channel.row.accountId),
    eq(messages.channelId, channel.row.id),
    eq(messages.direction, 'outbound'),
  );
  if (update.provider_message_id !== undefined) {
    return tx
      .select()
      .from(messages)
      .where(and(outbound, eq(messages.providerMessageId, update.provider_message_id)))
      .for('update');
  }
  // Messenger watermarks: every message to this customer sent at or before the watermark.
  const rows = await tx
    .select({ message: messages })
    .from(messages)
    .innerJoin(conversations, eq(conversations.id, messages.conversationId))
    .where(
      and(
        outbound,
        eq(conversations.contactIdentifier, update.recipient),
        inArray(messages.status, ['sent', 'delivered']),
        lte(messages.sentAt, update.watermark),
      ),
    )
    .for('update', { of: messages });
  return rows.map((row) => row.message);
}

/**
 * Applies a delivery receipt monotonically in the caller's transaction and enqueues
 * `conversation.message.status` for every message that moved. `unknown`: the receipt names a
 * message we have no record of (yet: the provider may answer before our send commits).
 */
export async function applyStatusUpdate(
  tx: Db,
  channel: LoadedChannel,
  update: StatusUpdate,
  now: Date,
): Promise<StatusOutcome> {
  const targets = await receiptTargets(tx, channel, update);
  if (targets.length === 0) return update.provider_message_id !== undefined ? 'unknown' : 'unchanged';
  let outcome: StatusOutcome = 'unchanged';
  for (const target of targets) {
    const status = nextDeliveryStatus(target.status, update.status);
    if (!status) continue;
    const at = update.timestamp.toISOString();
    const stamps = Object.fromEntries(
      reachedTimestamps(status).map((field) => [
        field,
        sql`coalesce(${messages[field]}, ${at}::timestamptz)`,
      ]),
    );
    const error = update.error ? { ...update.error, source: 'provider_receipt', retryable: false } : null;
    const [moved] = await tx
      .update(messages)
      .set({ status, ...stamps, ...(status === 'failed' ? { error } : {}), updatedAt: now })
      .where(eq(messages.id, target.id))
      .returning();
    await enqueue(tx, {
      event_type: 'conversation.message.status',
      account_id: channel.row.accountId,
      aggregate_type: 'conversation',
      aggregate_id: target.conversationId,
      occurred_at: now,
      data: {
        message_id: target.id,
        conversation_id: target.conversationId,
        status,
        provider_message_id: moved!.providerMessageId,
        error: moved!.error,
        occurred_at: update.timestamp.toISOString(),
      },
    });
    outcome = 'applied';
  }
  return outcome;
}
