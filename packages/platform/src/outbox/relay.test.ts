import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBus } from '../bus';
import type { BusMessage } from '../bus/types';
import { createDatabase, type Database, type Db } from '../db';
import { testDriverKinds, testMigrationsFolder, waitFor } from '../db/test-support';
import { createSilentLogger } from '../logger';
import { createTestDatabase, type TestDatabase } from '../testing/database';
import { enqueue } from './enqueue';
import { createOutboxRelay, type OutboxRelay, type OutboxRelayOptions } from './relay';
import { outboxEvents } from './tables';
import { createFakeBus, type FakeBus } from './test-bus';

const accountId = randomUUID();
const logger = createSilentLogger();

function enqueueMessageCreated(tx: Db, text: string) {
  return enqueue(tx, {
    event_type: 'conversation.message.created',
    account_id: accountId,
    aggregate_type: 'conversation',
    aggregate_id: randomUUID(),
    data: { text },
  });
}

async function rowOf(db: Db, id: string) {
  const [row] = await db.select().from(outboxEvents).where(eq(outboxEvents.id, id));
  return row;
}

describe.each(testDriverKinds)('outbox relay on %s', (kind) => {
  let test: TestDatabase;
  let database: Database;
  let bus: FakeBus;
  const relays: OutboxRelay[] = [];
  const startRelay = async (options: Partial<OutboxRelayOptions> = {}) => {
    const relay = createOutboxRelay({ database, bus, logger, pollIntervalMs: 20, ...options });
    relays.push(relay);
    await relay.start();
    return relay;
  };

  beforeAll(async () => {
    test = await createTestDatabase(testMigrationsFolder, { kind });
    database = test.database;
  });
  afterAll(() => test?.cleanup());
  beforeEach(async () => {
    bus = createFakeBus();
    await database.db.delete(outboxEvents);
  });
  afterEach(async () => {
    await Promise.all(relays.splice(0).map((relay) => relay.stop()));
  });

  it('publishes nothing that was enqueued in a rolled-back transaction', async () => {
    const attempt = database.db.transaction(async (tx) => {
      await enqueueMessageCreated(tx, 'never');
      throw new Error('use-case failed');
    });
    await expect(attempt).rejects.toThrow('use-case failed');
    const relay = createOutboxRelay({ database, bus, logger });
    expect(await relay.flush()).toBe(0);
    expect(bus.published).toEqual([]);
    expect(await database.db.select().from(outboxEvents)).toEqual([]);
  });

  it('publishes committed events once, with messageId = event_id, and marks them published', async () => {
    const envelopes = await database.db.transaction(async (tx) => [
      await enqueueMessageCreated(tx, 'one'),
      await enqueueMessageCreated(tx, 'two'),
    ]);
    await startRelay();
    await waitFor(() => bus.published.length === 2, { message: 'two publishes' });
    expect(bus.published).toEqual(
      envelopes.map((envelope) => ({
        routingKey: 'conversation.message.created',
        payload: envelope,
        messageId: envelope.event_id,
      })),
    );
    for (const envelope of envelopes) {
      const row = await rowOf(database.db, envelope.event_id);
      expect(row?.publishedAt).toBeInstanceOf(Date);
      expect(row?.attempts).toBe(0);
    }
    // Later rounds (the poll runs every 20 ms) find nothing left to publish.
    await createOutboxRelay({ database, bus, logger }).flush();
    expect(bus.published).toHaveLength(2);
  });

  it('publishes in due order, leases what it claimed, and leaves what is not due yet', async () => {
    const [first, second, retried, later] = await database.db.transaction(async (tx) => [
      await enqueueMessageCreated(tx, 'first'),
      await enqueueMessageCreated(tx, 'second'),
      await enqueueMessageCreated(tx, 'retried'),
      await enqueueMessageCreated(tx, 'later'),
    ]);
    // A retry that fell due before the others were written goes first; one not yet due stays.
    await database.db
      .update(outboxEvents)
      .set({ nextAttemptAt: sql`now() - interval '1 minute'`, attempts: 1 })
      .where(eq(outboxEvents.id, retried!.event_id));
    await database.db
      .update(outboxEvents)
      .set({ nextAttemptAt: sql`now() + interval '1 hour'` })
      .where(eq(outboxEvents.id, later!.event_id));
    const published = await createOutboxRelay({ database, bus, logger }).flush();
    expect(published).toBe(3);
    expect(bus.published.map((m) => m.messageId)).toEqual([
      retried!.event_id,
      first!.event_id,
      second!.event_id,
    ]);
    expect(bus.published[0]?.payload).toEqual(retried);
    expect((await rowOf(database.db, later!.event_id))?.publishedAt).toBeNull();
    expect((await rowOf(database.db, retried!.event_id))?.attempts).toBe(1);
  });

  it('is woken by the commit NOTIFY instead of waiting for its poll', async () => {
    const first = await database.db.transaction((tx) => enqueueMessageCreated(tx, 'before start'));
    await startRelay({ pollIntervalMs: 60_000 });
    // The start-up round publishes the first event; it cannot have seen the second one, which is
    // committed only afterwards, so only the NOTIFY can get that one out before the 60 s poll.
    await waitFor(async () => (await rowOf(database.db, first.event_id))?.publishedAt, {
      message: 'start-up round',
    });
    const second = await database.db.transaction((tx) => enqueueMessageCreated(tx, 'notified'));
    await waitFor(() => bus.published.some((message) => message.messageId === second.event_id), {
      message: 'publish after NOTIFY',
    });
  });

  it('keeps events committed while the broker is down and publishes them once it is back', async () => {
    bus.goDown();
    await startRelay({ initialBackoffMs: 50, maxBackoffMs: 200 });
    const envelope = await database.db.transaction((tx) => enqueueMessageCreated(tx, 'during outage'));
    const failed = await waitFor(async () => {
      const row = await rowOf(database.db, envelope.event_id);
      return row && row.attempts >= 2 ? row : undefined;
    });
    expect(failed.publishedAt).toBeNull();
    expect(failed.lastError).toContain('ECONNREFUSED');

    bus.recover();
    await waitFor(async () => (await rowOf(database.db, envelope.event_id))?.publishedAt, {
      message: 'published after recovery',
    });
    expect(bus.published.map((message) => message.messageId)).toEqual([envelope.event_id]);
  });

  it('does not retry a failed event before its backoff has elapsed', async () => {
    let now = Date.now() + 60_000; // ahead of the database clock, so new rows are due
    const relay = createOutboxRelay({
      database,
      bus,
      logger,
      initialBackoffMs: 1_000,
      clock: () => new Date(now),
    });
    const envelope = await database.db.transaction((tx) => enqueueMessageCreated(tx, 'retry later'));
    bus.goDown();
    expect(await relay.flush()).toBe(0);
    expect((await rowOf(database.db, envelope.event_id))?.nextAttemptAt).toEqual(new Date(now + 1_000));

    bus.recover();
    now += 999;
    expect(await relay.flush()).toBe(0);
    now += 1;
    expect(await relay.flush()).toBe(1);
  });

  it('counts a publish that is never confirmed as failed, and retries it', async () => {
    const release = bus.holdConfirms();
    const relay = createOutboxRelay({ database, bus, logger, publishTimeoutMs: 50, initialBackoffMs: 1 });
    const envelope = await database.db.transaction((tx) => enqueueMessageCreated(tx, 'slow broker'));
    expect(await relay.flush()).toBe(0);
    expect((await rowOf(database.db, envelope.event_id))?.lastError).toMatch(/not confirmed/);
    release();
    await waitFor(async () => (await relay.flush()) === 1, { message: 'retry after timeout' });
  });

  it('stop() waits for the batch in flight and leaves it marked published', async () => {
    const release = bus.holdConfirms();
    await startRelay();
    const envelope = await database.db.transaction((tx) => enqueueMessageCreated(tx, 'in flight'));
    await waitFor(() => bus.publishCalls >= 1, { message: 'publish started' });
    let stopped = false;
    const stopping = relays[0]!.stop().then(() => {
      stopped = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect((await rowOf(database.db, envelope.event_id))?.publishedAt).toBeInstanceOf(Date);
  });

  it('delivers the envelope through the real in-process bus', async () => {
    const realBus = await createBus();
    const received: BusMessage[] = [];
    await realBus.subscribe({ queue: 'outbox-test', patterns: ['conversation.#'] }, async (message) => {
      received.push(message);
    });
    const relay = createOutboxRelay({ database, bus: realBus, logger });
    const envelope = await database.db.transaction((tx) => enqueueMessageCreated(tx, 'real bus'));
    expect(await relay.flush()).toBe(1);
    await waitFor(() => received.length === 1, { message: 'delivery' });
    expect(received[0]).toMatchObject({ messageId: envelope.event_id, payload: envelope });
    await realBus.close();
  });
});

/** Two relays (two pools on PostgreSQL, as in two processes; one shared PGlite otherwise). */
describe.each(testDriverKinds)('two outbox relays on one %s database', (kind) => {
  it('publish each of many events exactly once', async () => {
    const test = await createTestDatabase(testMigrationsFolder, { kind });
    const second = test.url
      ? await createDatabase({ url: test.url, migrationsFolder: testMigrationsFolder })
      : undefined;
    const bus = createFakeBus();
    const total = 400;
    try {
      for (let chunk = 0; chunk < total / 50; chunk++) {
        await test.database.db.transaction(async (tx) => {
          for (let i = 0; i < 50; i++) await enqueueMessageCreated(tx, `${chunk}-${i}`);
        });
      }
      const options = { bus, logger, batchSize: 20, pollIntervalMs: 10 };
      const relays = [
        createOutboxRelay({ ...options, database: test.database }),
        createOutboxRelay({ ...options, database: second ?? test.database }),
      ];
      await Promise.all(relays.map((relay) => relay.start()));
      await waitFor(() => bus.published.length >= total, {
        timeoutMs: 20_000,
        message: `${total} publishes`,
      });
      await Promise.all(relays.map((relay) => relay.stop()));

      const ids = bus.published.map((message) => message.messageId);
      expect(ids).toHaveLength(total);
      expect(new Set(ids).size).toBe(total);
      const result = await test.database.db.execute(
        sql`select count(*)::int as n from outbox_events where published_at is null`,
      );
      expect((result as unknown as { rows: Array<{ n: number }> }).rows[0]?.n).toBe(0);
    } finally {
      await second?.close();
      await test.cleanup();
    }
  });
});
