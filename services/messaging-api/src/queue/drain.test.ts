import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoutingResult } from '../routing/apply-routing';
import type { RoutingContext } from '../routing/plan';
import { type RoutingHarness, startRoutingHarness } from '../routing/test-harness';
import { createQueueDrain } from './drain';
import type { QueueRow } from './repo';
import { markAccountWaiting, waitingAccounts } from './waiting-accounts';

let h: RoutingHarness;
beforeAll(async () => {
  h = await startRoutingHarness({ workers: false });
});
afterAll(() => h?.cleanup());

const routed = (strategy: RoutingContext['strategy'], topic: string | null = null) => ({
  routing: {
    outcome: 'queued',
    strategy,
    topic,
    language: null,
    replied_rule_ids: [],
  } as unknown as RoutingContext,
});

function drainWith(answer: (row: QueueRow) => RoutingResult | Promise<RoutingResult>) {
  const tried: string[] = [];
  const touched: string[] = [];
  const drain = createQueueDrain({
    ...h.deps,
    queueSnapshots: { touch: (accountId) => touched.push(accountId) },
    routing: {
      assignWaiting: async (row) => {
        tried.push(row.id);
        return answer(row);
      },
    },
  });
  return { drain, tried, touched };
}

const assigned: RoutingResult = { outcome: 'assigned', assigneeId: randomUUID(), queuePosition: null };
const noRoom: RoutingResult = { outcome: 'skipped', reason: 'no_capacity' };

describe('the queue drain', () => {
  it('tries routed, automatic conversations in queue order, skipping a target that found nobody', async () => {
    const team = randomUUID();
    const at = (minutes: number) => new Date(Date.UTC(2026, 10, 25, 8, minutes));
    const a = await h.createConversation({
      teamId: team,
      queuedAt: at(1),
      botContext: routed('least_busy', 'billing'),
    });
    const b = await h.createConversation({
      teamId: team,
      queuedAt: at(2),
      priority: 'urgent',
      botContext: routed('least_busy', 'billing'),
    });
    const c = await h.createConversation({
      teamId: team,
      queuedAt: at(3),
      botContext: routed('round_robin', 'tech'),
    });
    await h.createConversation({ teamId: team, queuedAt: at(0), botContext: routed('manual_queue') });
    await h.createConversation({ teamId: team, queuedAt: at(0) });
    const { drain, tried, touched } = drainWith((row) => (row.id === b.id ? noRoom : assigned));
    expect(await drain.drain(h.accountId)).toBe(1);
    // b (urgent) first; it found nobody, so a (same target) is not tried; c has another topic.
    expect(tried).toEqual([b.id, c.id]);
    expect(tried).not.toContain(a.id);
    // The queue moved: its snapshot is asked for once for the pass.
    expect(touched).toEqual([h.accountId]);
  });

  it('runs one drain per account at a time and makes one more pass for a trigger that came meanwhile', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const { drain, tried, touched } = drainWith(async () => {
      await gate;
      return noRoom;
    });
    const first = drain.drain(h.accountId);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await drain.drain(h.accountId)).toBe(0);
    release();
    await first;
    // Two passes, each stopping at the first exhausted target of each kind.
    const passes = tried.length;
    expect(passes).toBeGreaterThanOrEqual(4);
    expect(new Set(tried).size).toBe(passes / 2);
    // Nothing was assigned, so the queue's positions did not move.
    expect(touched).toEqual([]);
  });

  it('forgets an account with nothing left to assign', async () => {
    const other = randomUUID();
    await markAccountWaiting(h.kv, other);
    const { drain } = drainWith(() => assigned);
    await drain.drain(other);
    expect(await waitingAccounts(h.kv)).not.toContain(other);
  });
});
