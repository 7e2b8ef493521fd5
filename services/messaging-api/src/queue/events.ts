import { CONVERSATION_QUEUE_UPDATED, type QueueEntry, type QueueUpdatedData } from '@turumba/contracts';
import type { Db } from '@turumba/platform/db';
import { enqueue, type NewEvent } from '@turumba/platform/outbox';
import { sql } from 'drizzle-orm';
import { type QueueEntryRow, queueRepo } from './repo';

/** How many waiting conversations `conversation.queue.updated` lists: the head of the queue. */
const HEAD = 100;

export function queueUpdatedEvent(accountId: string, data: QueueUpdatedData, at: Date): NewEvent {
  return {
    event_type: CONVERSATION_QUEUE_UPDATED,
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
