import { randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyUpdate } from '../conversations/apply-update';
import { conversations } from '../conversations/tables';
import { messages } from '../messages/tables';
import { eligibleAgent, type RoutingHarness, startRoutingHarness, waitFor } from './test-harness';
import { createRouting } from './workers';

let h: RoutingHarness;
const team = randomUUID();
const agents = Array.from({ length: 5 }, () =>
  eligibleAgent({ team_ids: [team], max_concurrent_conversations: 3 }),
);

beforeAll(async () => {
  h = await startRoutingHarness();
  h.agents.push(...agents);
  const rule = {
    name: 'Help',
    trigger_type: 'keyword',
    conditions: { keywords: ['help'] },
    actions: { assign_team_id: team, reply_text: 'You are number {{queue_position}}' },
  };
  expect((await h.inject('POST', '/v1/bot-rules', h.admin, rule)).statusCode).toBe(201);
});
afterAll(() => h?.cleanup());

const ofTeam = () =>
  h.db
    .select()
    .from(conversations)
    .where(and(eq(conversations.accountId, h.accountId), eq(conversations.teamId, team)));
const activeBy = (rows: (typeof conversations.$inferSelect)[]) => {
  const counts = new Map<string, number>();
  for (const r of rows)
    if (r.status === 'assigned' && r.assigneeId)
      counts.set(r.assigneeId, (counts.get(r.assigneeId) ?? 0) + 1);
  return counts;
};

describe('routing 200 conversations at once to 5 agents with room for 3 each', () => {
  it('assigns exactly 15, queues 185 with distinct positions, and assigns exactly 5 more when 5 are resolved', async () => {
    // Four routers with their own caches, as four workers or instances would be.
    const routers = Array.from(
      { length: 4 },
      () => createRouting(h.deps, { accountApi: { retries: 0 } }).routing,
    );
    const created = await Promise.all(Array.from({ length: 200 }, () => h.createConversation()));
    const inbound = await Promise.all(created.map((c) => h.customerMessage(c, 'help me please')));
    const results = await Promise.all(
      inbound.map((data, i) => routers[i % routers.length]!.routeMessage(randomUUID(), data)),
    );

    expect(results.filter((r) => r?.outcome === 'assigned')).toHaveLength(15);
    const queued = results.filter((r) => r?.outcome === 'queued') as { queuePosition: number }[];
    expect(queued).toHaveLength(185);
    expect(queued.map((r) => r.queuePosition).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 185 }, (_, i) => i + 1),
    );

    const rows = await ofTeam();
    expect([...activeBy(rows).values()]).toEqual([3, 3, 3, 3, 3]);
    expect(rows.filter((r) => r.status === 'open' && r.queuedAt && !r.assigneeId)).toHaveLength(185);

    const queue = (await h.inject('GET', `/v1/queue?team_id=${team}&limit=500`, h.admin)).json();
    expect(queue.meta.total).toBe(185);
    expect(queue.data.map((i: { position: number }) => i.position)).toEqual(
      Array.from({ length: 185 }, (_, i) => i + 1),
    );
    // The position each customer was told is the one the queue shows.
    const told = new Map(
      (
        await h.db
          .select()
          .from(messages)
          .where(and(eq(messages.accountId, h.accountId), eq(messages.senderType, 'bot')))
      ).map((m) => [m.conversationId, m.content]),
    );
    for (const item of queue.data)
      expect(told.get(item.conversation.id)).toBe(`You are number ${item.position}`);
    const head = queue.data.slice(0, 5).map((i: { conversation: { id: string } }) => i.conversation.id);

    const toResolve = rows.filter((r) => r.status === 'assigned').slice(0, 5);
    await Promise.all(
      toResolve.map((row) =>
        h.db.transaction(async (tx) => {
          const [locked] = await tx
            .select()
            .from(conversations)
            .where(eq(conversations.id, row.id))
            .for('update');
          await applyUpdate(
            tx,
            h.deps,
            locked!,
            { status: 'resolved' },
            { userId: row.assigneeId, isManager: true },
            new Date(),
          );
        }),
      ),
    );
    await waitFor(async () => (await ofTeam()).filter((r) => r.status === 'assigned').length === 15);
    // Let any further drains run out, then check nothing more moved.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const after = await ofTeam();
    expect([...activeBy(after).values()]).toEqual([3, 3, 3, 3, 3]);
    expect(after.filter((r) => r.status === 'open' && r.queuedAt && !r.assigneeId)).toHaveLength(180);
    const taken = await h.db.select().from(conversations).where(inArray(conversations.id, head));
    expect(taken.every((r) => r.status === 'assigned')).toBe(true);
    const positions = (await h.inject('GET', `/v1/queue?team_id=${team}&limit=500`, h.admin))
      .json()
      .data.map((i: { position: number }) => i.position);
    expect(positions).toEqual(Array.from({ length: 180 }, (_, i) => i + 1));
  }, 180_000);
});
