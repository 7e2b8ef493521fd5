import type { Db } from '@turumba/platform/db';
import { enqueue } from '@turumba/platform/outbox';
import { and, asc, eq, lt } from 'drizzle-orm';
import { messages } from '../messages/tables';
import { recordFailedIn } from './record-outcome';
import type { OutboundRow } from './repo';

/**
 * Routing key of "send this queued message again": only the dispatcher binds it (it is not under
 * `conversation.#`, so no client sees it). Published by the sweeper and consumed by worker.ts.
 */
export const DISPATCH_REQUESTED = 'outbound.dispatch.requested';

/** `data` of DISPATCH_REQUESTED (internal to the Messaging API: it publishes and consumes it). */
export interface DispatchRequestedData {
  message_id: string;
  conversation_id: string;
  reason: 'send_interrupted';
}

/** How many interrupted sends a message has had (kept in its metadata: no column needed). */
export const RECOVERIES_KEY = 'dispatch_recoveries';

export type StuckSendDecision =
  | { kind: 'requeue'; recoveries: number }
  | { kind: 'fail'; recoveries: number; error: Record<string, unknown> };

/**
 * What to do with a message left `sending` past its lease (pure): its dispatcher died between
 * the claim and the provider's answer, so nobody knows whether the provider got it. Send it
 * again (a possible duplicate beats a silent loss) until it has been interrupted `maxRecoveries`
 * times; then give up with a reason the inbox shows.
 */
export function decideStuckSend(metadata: Record<string, unknown>, maxRecoveries: number): StuckSendDecision {
  const previous = Number(metadata[RECOVERIES_KEY]) || 0;
  const recoveries = previous + 1;
  if (recoveries <= maxRecoveries) return { kind: 'requeue', recoveries };
  return {
    kind: 'fail',
    recoveries: previous,
    error: {
      code: 'dispatch_interrupted',
      message: `sending was interrupted ${previous} time(s) (the dispatcher stopped mid-send); not retried again`,
      retryable: false,
    },
  };
}

/**
 * One sweep round over up to `batch` stuck messages, in one transaction. `FOR UPDATE SKIP LOCKED`
 * lets several instances sweep at once without taking the same row; the status change makes a
 * row ineligible for the next round, so repeated sweeps are no-ops. Returns what it did.
 */
export async function sweepStuckSends(
  db: Db,
  options: { now: Date; leaseMs: number; maxRecoveries: number; batch: number },
): Promise<{ requeued: OutboundRow[]; failed: OutboundRow[] }> {
  const { now } = options;
  const expired = new Date(now.getTime() - options.leaseMs);
  return db.transaction(async (tx) => {
    const stuck = await tx
      .select()
      .from(messages)
      .where(
        and(
          eq(messages.status, 'sending'),
          eq(messages.direction, 'outbound'),
          eq(messages.isPrivate, false),
          lt(messages.updatedAt, expired),
        ),
      )
      .orderBy(asc(messages.updatedAt))
      .limit(options.batch)
      .for('update', { skipLocked: true });
    const requeued: OutboundRow[] = [];
    const failed: OutboundRow[] = [];
    for (const row of stuck) {
      const decision = decideStuckSend(row.metadata, options.maxRecoveries);
      if (decision.kind === 'fail') {
        const done = await recordFailedIn(tx, row, decision.error, now);
        if (done) failed.push(done);
        continue;
      }
      const [queued] = await tx
        .update(messages)
        .set({
          status: 'queued',
          metadata: { ...row.metadata, [RECOVERIES_KEY]: decision.recoveries },
          updatedAt: now,
        })
        .where(and(eq(messages.id, row.id), eq(messages.accountId, row.accountId)))
        .returning();
      if (!queued) continue;
      const data: DispatchRequestedData = {
        message_id: queued.id,
        conversation_id: queued.conversationId,
        reason: 'send_interrupted',
      };
      await enqueue(tx, {
        event_type: DISPATCH_REQUESTED,
        account_id: queued.accountId,
        aggregate_type: 'message',
        aggregate_id: queued.id,
        occurred_at: now,
        data: { ...data },
      });
      requeued.push(queued);
    }
    return { requeued, failed };
  });
}
