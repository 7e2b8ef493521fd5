import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db';
import { testItems } from '../db/test-schema';
import { testDriverKinds, testMigrationsFolder } from '../db/test-support';
import { createTestDatabase, type TestDatabase } from '../testing/database';
import { runOnce } from './processed-events';
import { pruneProcessedEvents, prunePublishedOutboxEvents } from './prune';
import { processedEvents } from './tables';

describe.each(testDriverKinds)('runOnce on %s', (kind) => {
  let test: TestDatabase;
  let database: Database;
  beforeAll(async () => {
    test = await createTestDatabase(testMigrationsFolder, { kind });
    database = test.database;
  });
  afterAll(() => test?.cleanup());

  it('runs the handler for the first delivery and skips redeliveries', async () => {
    const eventId = randomUUID();
    let runs = 0;
    const handle = () =>
      database.db.transaction((tx) =>
        runOnce(tx, 'bot-router', eventId, async () => {
          runs++;
          return 'handled';
        }),
      );
    expect(await handle()).toEqual({ ran: true, value: 'handled' });
    expect(await handle()).toEqual({ ran: false });
    expect(runs).toBe(1);
  });

  it('lets each consumer handle the same event once', async () => {
    const eventId = randomUUID();
    const first = await runOnce(database.db, 'realtime', eventId, async () => 1);
    const second = await runOnce(database.db, 'dispatcher', eventId, async () => 2);
    expect([first.ran, second.ran]).toEqual([true, true]);
  });

  it('forgets a delivery whose handler threw, so the redelivery runs it and its writes commit once', async () => {
    const eventId = randomUUID();
    const name = `item-${eventId}`;
    const failing = database.db.transaction((tx) =>
      runOnce(tx, 'inbound-worker', eventId, async (inner) => {
        await inner.insert(testItems).values({ name });
        throw new Error('handler failed');
      }),
    );
    await expect(failing).rejects.toThrow('handler failed');
    const retried = await database.db.transaction((tx) =>
      runOnce(tx, 'inbound-worker', eventId, async (inner) => {
        await inner.insert(testItems).values({ name });
      }),
    );
    expect(retried.ran).toBe(true);
  });

  it('prunes dedupe markers and published outbox rows older than the cut-off', async () => {
    await runOnce(database.db, 'pruner', randomUUID(), async () => {});
    const future = new Date(Date.now() + 60_000);
    expect(await pruneProcessedEvents(database.db, future)).toBeGreaterThan(0);
    expect(await database.db.select().from(processedEvents)).toEqual([]);
    expect(await prunePublishedOutboxEvents(database.db, future)).toBe(0);
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('runOnce under concurrent deliveries', () => {
  it('runs the handler once when two consumers receive the same event at the same time', async () => {
    const test = await createTestDatabase(testMigrationsFolder, { kind: 'postgres' });
    try {
      const eventId = randomUUID();
      let runs = 0;
      const deliver = () =>
        test.database.db.transaction((tx) =>
          runOnce(tx, 'competing', eventId, async () => {
            runs++;
            // Hold the transaction open so the other delivery has to wait on the marker.
            await new Promise((resolve) => setTimeout(resolve, 50));
          }),
        );
      const results = await Promise.all([deliver(), deliver(), deliver()]);
      expect(results.filter((result) => result.ran)).toHaveLength(1);
      expect(runs).toBe(1);
    } finally {
      await test.cleanup();
    }
  });
});
