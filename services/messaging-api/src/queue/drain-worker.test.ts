import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RoutingHarness, startRoutingHarness, waitFor } from '../routing/test-harness';
import type { QueueDrain } from './drain';
import { startQueueDrainWorker } from './drain-worker';
import { waitingAccounts } from './waiting-accounts';

let h: RoutingHarness;
beforeAll(async () => {
  h = await startRoutingHarness({ workers: false });
});
afterAll(() => h?.cleanup());

describe('the queue drain worker at start', () => {
  it("writes the queue snapshot of every account with someone waiting, and marks the drain's accounts", async () => {
    const routed = randomUUID();
    const manual = randomUUID();
    const nobodyWaiting = randomUUID();
    const at = new Date('2026-12-07T08:00:00.000Z');
    await h.createConversation({
      accountId: routed,
      queuedAt: at,
      botContext: { routing: { outcome: 'queued', strategy: 'least_busy' } },
    });
    // Waiting in the manual queue: not the drain's to assign, but in the account's snapshot.
    await h.createConversation({
      accountId: manual,
      queuedAt: at,
      botContext: { routing: { outcome: 'queued', strategy: 'manual_queue' } },
    });
    await h.createConversation({ accountId: nobodyWaiting, status: 'resolved' });

    const touched: string[] = [];
    let flushes = 0;
    const worker = await startQueueDrainWorker(
      {
        ...h.deps,
        drain: { drain: async () => 0 } as unknown as QueueDrain,
        queueSnapshots: {
          touch: (accountId) => touched.push(accountId),
          flush: async () => {
            flushes++;
          },
        },
      },
      { queue: h.queues.drain, intervalMs: 0 },
    );
    try {
      await waitFor(() => touched.includes(routed) && touched.includes(manual));
      expect(touched).not.toContain(nobodyWaiting);
      // One account at a time: each touch is written before the next.
      expect(flushes).toBeGreaterThanOrEqual(2);
      const marked = await waitingAccounts(h.kv);
      expect(marked).toContain(routed);
      expect(marked).not.toContain(manual);
    } finally {
      await worker.stop();
    }
  });
});
