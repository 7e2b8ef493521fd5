import { randomUUID } from 'node:crypto';
import type { Db } from '@turumba/platform/db';
import { createTestDatabase, type TestDatabase } from '@turumba/platform/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversations } from '../conversations/tables';
import { migrationsFolder } from '../deps';
import { routingRepo } from './repo';

let test: TestDatabase;
let db: Db;
beforeAll(async () => {
  test = await createTestDatabase(migrationsFolder);
  db = test.database.db;
});
afterAll(() => test?.cleanup());

const statuses = ['open', 'assigned', 'pending', 'resolved', 'closed'] as const;
let displayId = 0;

async function seed(accountId: string, assigneeId: string | null, status: (typeof statuses)[number]) {
  const id = randomUUID();
  displayId += 1;
  await db.insert(conversations).values({
    id,
    accountId,
    displayId,
    channelId: randomUUID(),
    channelType: 'whatsapp',
    contactIdentifier: `+2519${String(displayId).padStart(8, '0')}`,
    assigneeId,
    status,
  });
  return id;
}

describe('routingRepo.lockWithLoads', () => {
  it("returns the conversation with each agent's active count and last automatic assignment", async () => {
    const accountId = randomUUID();
    const [busy, idle, rowless] = [randomUUID(), randomUUID(), randomUUID()];
    const at = new Date('2026-11-25T10:00:00.000Z');
    await routingRepo(db).ensureAgentRows(accountId, [busy, idle], randomUUID, at);
    await db.transaction(async (tx) => {
      await routingRepo(tx).claimSlot(accountId, [busy], [10], at);
    });
    // Every status once for `busy`: only assigned and pending hold a slot.
    for (const status of statuses) await seed(accountId, busy, status);
    await seed(accountId, busy, 'assigned');
    // The same agent in another account does not count here.
    await seed(randomUUID(), busy, 'assigned');
    const target = await seed(accountId, null, 'open');

    const locked = await db.transaction((tx) =>
      routingRepo(tx).lockWithLoads(accountId, target, [busy, idle, rowless]),
    );

    expect(locked?.row).toMatchObject({ id: target, accountId, status: 'open', assigneeId: null });
    expect(locked?.loads.get(busy)).toEqual({ active: 3, lastAssignedAt: at });
    expect(locked?.loads.get(idle)).toEqual({ active: 0, lastAssignedAt: null });
    // No routing row yet: left out, so the caller creates it before claiming.
    expect(locked?.loads.has(rowless)).toBe(false);
  });

  it('reads the row exactly as drizzle selects it (labels, JSON, timestamps, nulls)', async () => {
    const accountId = randomUUID();
    const id = await seed(accountId, null, 'open');
    await db
      .update(conversations)
      .set({
        labels: ['billing', 'ገንዘብ'],
        botContext: { routing: { outcome: 'queued', matched_rules: [{ id: 'r1', name: 'Refunds' }] } },
        metadata: { source: 'test', nested: { n: 1 } },
        queuedAt: new Date('2026-12-07T08:00:00.123Z'),
        priority: 'high',
      })
      .where(eq(conversations.id, id));
    const [expected] = await db.select().from(conversations).where(eq(conversations.id, id));
    const locked = await db.transaction((tx) => routingRepo(tx).lockWithLoads(accountId, id, []));
    expect(locked?.row).toEqual(expected);
  });

  it('finds nothing for another account or an unknown id, and reads no loads for nobody', async () => {
    const accountId = randomUUID();
    const id = await seed(accountId, null, 'open');
    await db.transaction(async (tx) => {
      expect(await routingRepo(tx).lockWithLoads(randomUUID(), id, [])).toBeUndefined();
      expect(await routingRepo(tx).lockWithLoads(accountId, randomUUID(), [])).toBeUndefined();
      const locked = await routingRepo(tx).lockWithLoads(accountId, id, []);
      expect(locked?.row.id).toBe(id);
      expect(locked?.loads.size).toBe(0);
    });
  });

  it('holds the conversation row until the transaction ends', async () => {
    if (test.database.kind !== 'postgres') return; // PGlite has one connection: nothing can race it
    const accountId = randomUUID();
    const id = await seed(accountId, null, 'open');
    const order: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const first = db.transaction(async (tx) => {
      await routingRepo(tx).lockWithLoads(accountId, id, []);
      order.push('first locked');
      await held;
      order.push('first done');
    });
    while (order.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const second = db.transaction(async (tx) => {
      await routingRepo(tx).lockWithLoads(accountId, id, []);
      order.push('second locked');
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['first locked', 'first done', 'second locked']);
  });
});
