import { randomUUID } from 'node:crypto';
import { enqueue } from '@turumba/platform/outbox';
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { conversationAssignments } from '../../services/messaging-api/src/assignments/tables';
import { applyUpdate } from '../../services/messaging-api/src/conversations/apply-update';
import { conversations } from '../../services/messaging-api/src/conversations/tables';
import {
  eligibleAgent,
  type RoutingHarness,
  startRoutingHarness,
} from '../../services/messaging-api/src/routing/test-harness';
import { createRouting } from '../../services/messaging-api/src/routing/workers';
import { waitFor } from './harness';
import { checkCapacity, checkCounters, checkEventsDelivered, checkOneActiveConversation } from './invariants';

// Routing faults through the routing module's own harness (bot router, agent-event listener and
// queue drain on the bus; a fake Account API whose `isDown` answers 503), on the real servers
// when their URLs are set.
let h: RoutingHarness;
const capacities = new Map<string, number>();
const general = eligibleAgent({ max_concurrent_conversations: 5 });

async function conversation(id: string) {
  const [row] = await h.db.select().from(conversations).where(eq(conversations.id, id));
  return row!;
}

/** What the Account API emits when an agent's presence changes: the drain runs for the account. */
async function announcePresence() {
  await h.db.transaction((tx) =>
    enqueue(tx, {
      event_type: 'agent.presence.changed',
      account_id: h.accountId,
      aggregate_type: 'agent',
      aggregate_id: general.user_id,
      data: { user_id: general.user_id, status: 'online' },
    }),
  );
}

/** The invariants, once the outbox has caught up (the last violations after 20 s). */
async function settledViolations() {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const violations = await invariantViolations();
    if (violations.length === 0 || Date.now() > deadline) return violations;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function invariantViolations() {
  const input = { db: h.db, accountId: h.accountId, capacities };
  const results = await Promise.all([
    checkCapacity(input),
    checkOneActiveConversation(input),
    checkCounters(input),
    checkEventsDelivered(input),
  ]);
  return results.flat();
}

/** The outcome of the first `conversation.routed` of a conversation (queued, assigned...). */
function routedOutcome(conversationId: string): string | undefined {
  const event = h
    .eventsOf('conversation.routed')
    .find((e) => (e.data as { conversation: { id: string } }).conversation.id === conversationId);
  return (event?.data as { outcome?: string } | undefined)?.outcome;
}

beforeAll(async () => {
  h = await startRoutingHarness();
  capacities.set(general.user_id, general.max_concurrent_conversations);
});
afterEach(() => {
  if (h) h.accountApi.isDown = false;
});
afterAll(() => h?.cleanup());

describe('when the Account API is down during routing', () => {
  it('with no snapshot yet, conversations wait in the queue and are routed once it is back', async () => {
    h.agents.push(general);
    h.accountApi.isDown = true;
    const waiting = await Promise.all([1, 2, 3].map(() => h.createConversation()));
    for (const c of waiting) await h.customerSays(c, 'hello, is anyone there?');
    for (const c of waiting) {
      await waitFor(() => routedOutcome(c.id), 'the conversation routed', 60_000);
      expect(routedOutcome(c.id)).toBe('queued');
      const row = await conversation(c.id);
      expect(row.status).toBe('open');
      expect(row.assigneeId).toBeNull();
      expect(row.queuedAt).not.toBeNull();
    }
    expect(h.accountApi.calls).toBeGreaterThan(0);

    h.accountApi.isDown = false;
    await announcePresence();
    for (const c of waiting)
      await waitFor(
        async () => (await conversation(c.id)).assigneeId === general.user_id,
        'routed later',
        60_000,
      );
    expect(await settledViolations()).toEqual([]);
  }, 120_000);

  it('with a snapshot, routing goes on with the last one however old', async () => {
    // The snapshot taken when the API came back is made stale (as a preference change does).
    const versionKey = `messaging:routing:eligible-version:${h.accountId}`;
    const versionBefore = await h.kv.get(versionKey);
    await h.db.transaction((tx) =>
      enqueue(tx, {
        event_type: 'agent.preference.updated',
        account_id: h.accountId,
        aggregate_type: 'agent',
        aggregate_id: general.user_id,
        data: { user_id: general.user_id },
      }),
    );
    await waitFor(
      async () => (await h.kv.get(versionKey)) !== versionBefore,
      'the snapshot invalidated',
      60_000,
    );
    h.accountApi.isDown = true;
    const callsBefore = h.accountApi.calls;
    const late = await h.createConversation();
    await h.customerSays(late, 'hello again');
    const row = await waitFor(
      async () => {
        const current = await conversation(late.id);
        return current.assigneeId ? current : undefined;
      },
      'routed from the stale snapshot',
      60_000,
    );
    expect(row.assigneeId).toBe(general.user_id);
    expect(h.accountApi.calls).toBeGreaterThan(callsBefore);
    h.accountApi.isDown = false;
    expect(await settledViolations()).toEqual([]);
  }, 120_000);
});

describe('when 64 routing assignments race manual assignments', () => {
  it('never takes an agent past its limit automatically; manual overrides may exceed it, as documented', async () => {
    const team = randomUUID();
    const agents = Array.from({ length: 4 }, () =>
      eligibleAgent({ team_ids: [team], max_concurrent_conversations: 3 }),
    );
    h.agents.push(...agents);
    for (const agent of agents) capacities.set(agent.user_id, 3);
    const rule = {
      name: 'Race',
      trigger_type: 'keyword',
      conditions: { keywords: ['race'] },
      actions: { assign_team_id: team },
    };
    expect((await h.inject('POST', '/v1/bot-rules', h.admin, rule)).statusCode).toBe(201);

    // Two routers with their own caches, as two worker instances would be.
    const routers = [0, 1].map(() => createRouting(h.deps, { accountApi: { retries: 0 } }).routing);
    const routed = await Promise.all(Array.from({ length: 64 }, () => h.createConversation()));
    const inbound = await Promise.all(routed.map((c) => h.customerMessage(c, 'race to an agent')));
    const manual = await Promise.all(Array.from({ length: 8 }, () => h.createConversation({ teamId: team })));
    const manager = { userId: h.admin.userId, isManager: true };

    const routing = inbound.map((data, i) => routers[i % 2]!.routeMessage(randomUUID(), data));
    const manualAssignments = manual.map((c, i) =>
      h.db.transaction(async (tx) => {
        const [locked] = await tx
          .select()
          .from(conversations)
          .where(eq(conversations.id, c.id))
          .for('update');
        await applyUpdate(
          tx,
          h.deps,
          locked!,
          { assigneeId: agents[i % agents.length]!.user_id, status: 'assigned' },
          manager,
          new Date(),
        );
      }),
    );
    const results = await Promise.all(routing);
    await Promise.all(manualAssignments);

    const assignedByRouting = results.filter((r) => r?.outcome === 'assigned');
    const queued = results.filter((r) => r?.outcome === 'queued');
    expect(assignedByRouting.length + queued.length).toBe(64);
    // 4 agents × 3: routing never fills more than the limits, whatever the manual ones did; the
    // manual ones (2 per agent) always leave it a slot, so it assigns some.
    expect(assignedByRouting.length).toBeLessThanOrEqual(12);
    expect(assignedByRouting.length).toBeGreaterThan(0);

    const open = await h.db
      .select()
      .from(conversationAssignments)
      .where(
        and(
          inArray(
            conversationAssignments.conversationId,
            [...routed, ...manual].map((c) => c.id),
          ),
        ),
      );
    const current = open.filter((a) => a.endedAt === null && a.assigneeId);
    expect(current.filter((a) => a.reason === 'manual')).toHaveLength(8);
    for (const agent of agents) {
      const automatic = current.filter((a) => a.assigneeId === agent.user_id && a.reason !== 'manual');
      const manualOnes = current.filter((a) => a.assigneeId === agent.user_id && a.reason === 'manual');
      expect(automatic.length).toBeLessThanOrEqual(3);
      // Manual assignments never wait for a slot; with routing's 3 they exceed the limit on purpose.
      expect(manualOnes).toHaveLength(2);
    }
    expect(await settledViolations()).toEqual([]);
  }, 120_000);
});
