import type { Db } from '@turumba/platform/db';
import { processedEvents } from '@turumba/platform/outbox';
import type { ParsedInbound } from '../channels/adapters';
import type { LoadedChannel } from '../channels/channel-store';
import {
  findInboundEvents,
  type InboundEventRow,
  markInboundEventsProcessed,
} from '../webhooks/inbound-events';
import { decodeBody } from '../webhooks/raw-event';
import {
  INBOUND_CONSUMER,
  type InboundProcessor,
  type InboundProcessorDeps,
  inboundMarkerOf,
  isRejectedIdentity,
  resolveSenders,
} from './process-inbound-event';
import type { ResolvedContact } from './resolve-contact';
import { storeInboundMessage } from './store-inbound-message';

/*
 * Several stored webhooks in one transaction. The per-event path (process-inbound-event.ts) costs
 * about a dozen statements per message, a third of them bookkeeping: reading the stored webhook,
 * BEGIN, the consumer's dedupe marker, marking the webhook processed, COMMIT. Here those are one
 * statement each for the whole batch, and one commit covers every message in it; the messages
 * themselves are stored exactly as on the per-event path (storeInboundMessage), so conversations,
 * events and counters come out the same.
 *
 * The batch takes only the plain case: customer messages on a live channel, every sender known or
 * created. Anything else (a deleted channel, an unparseable payload, a sender the Account API
 * refuses, delivery receipts, which may have to wait for their send) goes through the per-event
 * path, which already handles it. If the batch's transaction fails for any reason (a deadlock with
 * another worker, a duplicate that raced past its check), nothing of it is kept and every event is
 * processed on its own, so a failure costs time, never a message.
 */

export interface InboundJob {
  accountId: string;
  inboundEventId: string;
  isLastAttempt: boolean;
}

interface Prepared {
  /** The job's place in the batch. */
  index: number;
  row: InboundEventRow;
  channel: LoadedChannel;
  parsed: ParsedInbound;
  contacts: Map<string, ResolvedContact>;
  /** Lock order inside the batch: by channel and sender, so two workers' batches do not deadlock. */
  lockKey: string;
}

export function createInboundBatchProcessor(deps: InboundProcessorDeps, single: InboundProcessor) {
  /**
   * The plain case, ready to store; null sends the job down the per-event path. A sender that
   * cannot be resolved now (the Account API down) fails the job as the per-event path would, so
   * the bus retries it later instead of the Account API being asked twice at once.
   */
  async function prepare(
    index: number,
    row: InboundEventRow,
    known: Map<string, ResolvedContact>,
  ): Promise<Prepared | null> {
    const channel = await deps.channels.loadForAccount(row.accountId, row.channelId);
    if (!channel) return null;
    let parsed: ParsedInbound;
    try {
      parsed = await deps.adapters[channel.type].parseInbound(decodeBody(row), row.contentType);
    } catch {
      return null;
    }
    if (parsed.statuses.length > 0 || parsed.messages.length === 0) return null;
    let contacts: Map<string, ResolvedContact>;
    try {
      contacts = await resolveSenders(deps.contacts, row.accountId, row.channelType, parsed, known);
    } catch (err) {
      if (isRejectedIdentity(err)) return null;
      throw err;
    }
    const lockKey = `${row.channelId}\u0000${parsed.messages[0]!.sender.identifier}`;
    return { index, row, channel, parsed, contacts, lockKey };
  }

  /** Stores the prepared events in one transaction (those another delivery took are skipped). */
  async function storeTogether(batch: Prepared[]): Promise<void> {
    await deps.db.transaction(async (tx: Db) => {
      const taken = await tx
        .insert(processedEvents)
        .values(batch.map((p) => ({ eventId: inboundMarkerOf(p.row.id), consumer: INBOUND_CONSUMER })))
        .onConflictDoNothing()
        .returning({ eventId: processedEvents.eventId });
      const ours = new Set(taken.map((t) => t.eventId));
      const finished: string[] = [];
      for (const p of batch) {
        if (!ours.has(inboundMarkerOf(p.row.id))) continue;
        const now = deps.clock();
        for (const message of p.parsed.messages) {
          const contact = p.contacts.get(message.sender.identifier)!;
          const context = { channel: p.channel, contact, inboundEventId: p.row.id, now, ids: deps.ids };
          await storeInboundMessage(tx, message, context);
        }
        finished.push(p.row.id);
      }
      await markInboundEventsProcessed(tx, finished, deps.clock());
    });
  }

  return {
    /**
     * Processes the jobs and settles each on its own: fulfilled when done, rejected with the
     * per-event path's error, so the caller acknowledges or retries each delivery by itself.
     */
    async process(jobs: InboundJob[]): Promise<PromiseSettledResult<void>[]> {
      const rows = await findInboundEvents(
        deps.db,
        jobs.map((j) => ({ accountId: j.accountId, id: j.inboundEventId })),
      );
      const known = new Map<string, ResolvedContact>();
      const plain: Prepared[] = [];
      const alone: number[] = [];
      const results: PromiseSettledResult<void>[] = jobs.map(() => ({
        status: 'fulfilled',
        value: undefined,
      }));
      for (const [i, job] of jobs.entries()) {
        const row = rows.get(`${job.accountId}:${job.inboundEventId}`);
        // Missing or already handled: the per-event path would do nothing either.
        if (row?.status !== 'received') continue;
        try {
          const prepared = await prepare(i, row, known);
          if (prepared) plain.push(prepared);
          else alone.push(i);
        } catch (reason) {
          results[i] = { status: 'rejected', reason };
        }
      }
      if (plain.length > 0) {
        // Stable sort: one sender's messages keep their order.
        const ordered = plain.toSorted((a, b) =>
          a.lockKey < b.lockKey ? -1 : a.lockKey > b.lockKey ? 1 : 0,
        );
        try {
          await storeTogether(ordered);
        } catch {
          alone.push(...plain.map((p) => p.index));
        }
      }
      for (const i of alone.sort((a, b) => a - b)) {
        const job = jobs[i]!;
        try {
          await single.processInboundEvent(job.accountId, job.inboundEventId, job.isLastAttempt);
        } catch (reason) {
          results[i] = { status: 'rejected', reason };
        }
      }
      return results;
    },
  };
}
export type InboundBatchProcessor = ReturnType<typeof createInboundBatchProcessor>;
