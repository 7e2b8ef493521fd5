import { ConversationPriority } from '@turumba/contracts';
import type { Db } from '@turumba/platform/db';
import { enqueue, type NewEvent } from '@turumba/platform/outbox';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { type QueueEntryRow, queueRepo } from './repo';

/** Routing key of `queue:update` (ARCHITECTURE.md §6); realtime pushes it to account:{id}. */
export const QUEUE_UPDATED = 'conversation.queue.updated';
const HEAD = 100;

export const QueueEntry = z.object({
  conversation_id: z.uuid(),
  display_id: z.number().int(),
  team_id: z.uuid().nullable(),
  priority: ConversationPriority,
  queued_at: z.iso.datetime(),
  position: z.number().int(),
  account_position: z.number().int(),
});
export type QueueEntry = z.infer<typeof QueueEntry>;

/** `queue:update`: the head of the account's queue (up to 100 entries) and its length. */
export const QueueUpdatedData = z.object({ total: z.number().int(), entries: z.array(QueueEntry) });
export type QueueUpdatedData = z.infer<typeof QueueUpdatedData>;

export function queueUpdatedEvent(accountId: string, data: QueueUpdatedData, at: Date): NewEvent {
  return {
    event_type: QUEUE_UPDATED,
    account_id: accountId,
    aggregate_type: 'queue',
    aggregate_id: accountId,
    data,
    occurred_at: at,
  };
}

export function toQueueEntry(row: QueueEntryRow): QueueEntry {
  return {
    conversation_id: row.id,
    display_id: row.displayId,
    team_id: row.teamId,
    priority: row.priority,
    queued_at: row.queuedAt!.toISOString(),
    position: row.position,
    account_position: row.accountPosition,
  };
}

/** Writes the account's current queue (its head) as `conversation.queue.updated`, in `tx`. */
export async function recordQueueUpdate(tx: Db, accountId: string, at: Date): Promise<void> {
  const { rows, total } = await queueRepo(tx).entries([accountId], {
    visible: sql`true`,
    skip: 0,
    limit: HEAD,
  });
  await enqueue(tx, queueUpdatedEvent(accountId, { total, entries: rows.map(toQueueEntry) }, at));
}
