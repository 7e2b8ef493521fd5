import type { Db } from '@turumba/platform/db';
import { enqueue } from '@turumba/platform/outbox';
import { and, eq, sql } from 'drizzle-orm';
import type { ChannelType } from '../channels/adapters';
import { inboundEvents } from './tables';

export type InboundEventRow = typeof inboundEvents.$inferSelect;

export interface NewInboundEvent {
  id: string;
  accountId: string;
  channelId: string;
  channelType: ChannelType;
  providerEventId: string;
  contentType: string;
  headers: Record<string, string>;
  rawBody: string;
  bodyEncoding: 'utf8' | 'base64';
}

/**
 * Stores a verified webhook and enqueues `webhook.inbound.<type>` in one transaction. A provider
 * retry (same channel and provider event id) stores and enqueues nothing; returns whether it was new.
 */
export async function recordInboundEvent(db: Db, event: NewInboundEvent, now: Date): Promise<boolean> {
  return db.transaction(async (tx) => {
    const inserted = await tx
      .insert(inboundEvents)
      .values({ ...event, createdAt: now, updatedAt: now })
      .onConflictDoNothing({ target: [inboundEvents.channelId, inboundEvents.providerEventId] })
      .returning({ id: inboundEvents.id });
    if (inserted.length === 0) return false;
    await enqueue(tx, {
      event_type: `webhook.inbound.${event.channelType}`,
      account_id: event.accountId,
      aggregate_type: 'inbound_event',
      aggregate_id: event.id,
      occurred_at: now,
      data: { inbound_event_id: event.id, channel_id: event.channelId, channel_type: event.channelType },
    });
    return true;
  });
}

export async function findInboundEvent(db: Db, accountId: string, id: string) {
  const [row] = await db
    .select()
    .from(inboundEvents)
    .where(and(eq(inboundEvents.id, id), eq(inboundEvents.accountId, accountId)));
  return row;
}

export type InboundOutcome = { status: 'processed' | 'ignored' | 'failed'; error?: string };

/** Called inside the worker's transaction, so the outcome commits with the messages it produced. */
export async function finishInboundEvent(db: Db, row: InboundEventRow, outcome: InboundOutcome, now: Date) {
  await db
    .update(inboundEvents)
    .set({ status: outcome.status, error: outcome.error ?? null, processedAt: now, updatedAt: now })
    .where(and(eq(inboundEvents.id, row.id), eq(inboundEvents.accountId, row.accountId)));
}

/** Counts a failed attempt (outside the rolled-back transaction) so operators can see retries. */
export async function countFailedAttempt(db: Db, row: InboundEventRow, error: string, now: Date) {
  await db
    .update(inboundEvents)
    .set({ attempts: sql`${inboundEvents.attempts} + 1`, error: error.slice(0, 1_000), updatedAt: now })
    .where(and(eq(inboundEvents.id, row.id), eq(inboundEvents.accountId, row.accountId)));
}
