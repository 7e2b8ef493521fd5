import { randomUUID } from 'node:crypto';
import { CONVERSATION_QUEUE_UPDATED, QueueUpdatedData } from '@turumba/contracts';
import type { Db } from '@turumba/platform/db';
import { outboxEvents } from '@turumba/platform/outbox';
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RoutingHarness, startRoutingHarness, waitFor } from '../routing/test-harness';
import { createQueueSnapshots } from './snapshots';

let h: RoutingHarness;
beforeAll(async () => {
  h = await startRoutingHarness({ workers: false });
});
afterAll(() => h?.cleanup());

/** The account's `conversation.queue.updated` events in the outbox, oldest first. */
async function snapshotsOf(accountId: string) {
  const rows = await h.deps.db
    .select({ payload: outboxEvents.payload })
    .from(outboxEvents)
    .where(and(eq(outboxEvents.accountId, accountId), eq(outboxEvents.eventType, CONVERSATION_QUEUE_UPDATED)))
    .orderBy(asc(outboxEvents.createdAt));
  return rows.map((r) => QueueUpdatedData.parse(r.payload.data));
}

let minute = 0;
const waiting = (accountId: string) =>
  h.createConversation({ accountId, queuedAt: new Date(Date.UTC(2026, 11, 7, 8, minute++)) });

describe('queue snapshots', () => {
  it('writes the committed queue at once when the account had none lately', async () => {
    const accountId = randomUUID();
    const snapshots = createQueueSnapshots({ ...h.deps, intervalMs: 60_000 });
    const first = await waiting(accountId);
    const second = await waiting(accountId);
    snapshots.touch(accountId);
    const [snapshot] = await waitFor(async () => {
      const written = await snapshotsOf(accountId);
      return written.length > 0 && written;
    });
    expect(snapshot).toMatchObject({
      total: 2,
      entries: [
        { conversation_id: first.id, position: 1, account_position: 1 },
        { conversation_id: second.id, position: 2, account_position: 2 },
      ],
    });
    await snapshots.stop();
  });

  it('folds a burst of touches into one more snapshot at the end of the interval, of the final queue', async () => {
    const accountId = randomUUID();
    const snapshots = createQueueSnapshots({ ...h.deps, intervalMs: 300 });
    for (let i = 0; i < 30; i++) {
      await waiting(accountId);
      snapshots.touch(accountId);
    }
    await new Promise((resolve) => setTimeout(resolve, 800));
    const written = await snapshotsOf(accountId);
    // The first touch's snapshot, then one for everything that came while it ran or waited.
    expect(written.length).toBeGreaterThanOrEqual(2);
    expect(written.length).toBeLessThanOrEqual(4);
    expect(written.at(-1)?.total).toBe(30);
    expect(written.at(-1)?.entries.map((e) => e.position)).toEqual(
      Array.from({ length: 30 }, (_, i) => i + 1),
    );
    // Nothing is pending any more: a quiet account gets no further snapshots.
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await snapshotsOf(accountId)).toHaveLength(written.length);
    await snapshots.stop();
  });

  it('keeps each account to itself', async () => {
    const a = randomUUID();
    const b = randomUUID();
    const snapshots = createQueueSnapshots({ ...h.deps, intervalMs: 60_000 });
    await waiting(a);
    await waiting(b);
    await waiting(b);
    snapshots.touch(a);
    snapshots.touch(b);
    await snapshots.flush();
    expect((await snapshotsOf(a)).map((s) => s.total)).toEqual([1]);
    expect((await snapshotsOf(b)).map((s) => s.total)).toEqual([2]);
    await snapshots.stop();
  });

  it('writes what is pending when flushed or stopped, and takes no touches after stopping', async () => {
    const accountId = randomUUID();
    const snapshots = createQueueSnapshots({ ...h.deps, intervalMs: 60_000 });
    await waiting(accountId);
    snapshots.touch(accountId);
    await snapshots.flush();
    await waiting(accountId);
    // Within the interval: held back until the interval ends, or until stop() flushes it.
    snapshots.touch(accountId);
    await snapshots.stop();
    expect((await snapshotsOf(accountId)).map((s) => s.total)).toEqual([1, 2]);
    await waiting(accountId);
    snapshots.touch(accountId);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await snapshotsOf(accountId)).toHaveLength(2);
  });

  it('survives a failed snapshot: it writes nothing, and flushing writes the queue again', async () => {
    const accountId = randomUUID();
    let failNext = true;
    const db = new Proxy(h.deps.db, {
      get(target, key, receiver) {
        if (key !== 'transaction') return Reflect.get(target, key, receiver);
        return (run: (tx: Db) => Promise<unknown>) => {
          if (failNext) {
            failNext = false;
            return Promise.reject(new Error('connection lost'));
          }
          return target.transaction(run);
        };
      },
    });
    const warnings: unknown[] = [];
    const logger = {
      ...h.deps.logger,
      warn: (...args: unknown[]) => warnings.push(args),
    } as typeof h.deps.logger;
    const snapshots = createQueueSnapshots({ ...h.deps, db, logger, intervalMs: 50 });
    await waiting(accountId);
    snapshots.touch(accountId);
    await waitFor(() => warnings.length === 1);
    // The failed one is pending again: flushing writes it (no new touch needed).
    await snapshots.flush();
    await snapshots.flush();
    // One snapshot in all: the failed transaction left nothing behind.
    expect(await snapshotsOf(accountId)).toHaveLength(1);
    expect((await snapshotsOf(accountId))[0]?.total).toBe(1);
    await snapshots.stop();
  });

  it('retries a failed snapshot by itself, without another touch', async () => {
    const accountId = randomUUID();
    let failures = 2;
    const db = new Proxy(h.deps.db, {
      get(target, key, receiver) {
        if (key !== 'transaction') return Reflect.get(target, key, receiver);
        return (run: (tx: Db) => Promise<unknown>) =>
          failures-- > 0 ? Promise.reject(new Error('connection lost')) : target.transaction(run);
      },
    });
    const logger = { ...h.deps.logger, warn: () => {} } as typeof h.deps.logger;
    const snapshots = createQueueSnapshots({ ...h.deps, db, logger, intervalMs: 20 });
    await waiting(accountId);
    snapshots.touch(accountId);
    await waitFor(async () => (await snapshotsOf(accountId)).length === 1);
    expect((await snapshotsOf(accountId))[0]?.total).toBe(1);
    await snapshots.stop();
  });
});
