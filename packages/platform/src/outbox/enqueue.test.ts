import { randomUUID } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db';
import { testDriverKinds, testMigrationsFolder } from '../db/test-support';
import { createTestDatabase, type TestDatabase } from '../testing/database';
import { enqueue, enqueueAll, OUTBOX_CHANNEL } from './enqueue';
import { outboxEvents } from './tables';

describe.each(testDriverKinds)('enqueue on %s', (kind) => {
  let test: TestDatabase;
  let database: Database;
  beforeAll(async () => {
    test = await createTestDatabase(testMigrationsFolder, { kind });
    database = test.database;
  });
  afterAll(() => test?.cleanup());

  it('stores the whole envelope, routed by its event type unless told otherwise', async () => {
    const accountId = randomUUID();
    const envelope = await database.db.transaction((tx) =>
      enqueue(tx, {
        event_type: 'contact.created',
        account_id: accountId,
        aggregate_type: 'contact',
        aggregate_id: 'c-1',
        data: { name: 'Ada' },
      }),
    );
    expect(envelope).toMatchObject({ event_type: 'contact.created', version: 1, account_id: accountId });
    const [row] = await database.db.select().from(outboxEvents).where(eq(outboxEvents.id, envelope.event_id));
    expect(row).toMatchObject({
      routingKey: 'contact.created',
      eventType: 'contact.created',
      accountId,
      aggregateType: 'contact',
      aggregateId: 'c-1',
      payload: envelope,
      publishedAt: null,
      attempts: 0,
    });
  });

  it('keeps a given routing key, version, event id and occurrence time', async () => {
    const eventId = randomUUID();
    const envelope = await database.db.transaction((tx) =>
      enqueue(tx, {
        event_type: 'webhook.inbound',
        routing_key: 'webhook.inbound.telegram',
        account_id: null,
        aggregate_type: 'inbound_event',
        aggregate_id: 'e-1',
        data: {},
        version: 2,
        event_id: eventId,
        occurred_at: new Date('2024-05-01T10:00:00.000Z'),
      }),
    );
    expect(envelope).toMatchObject({
      event_id: eventId,
      version: 2,
      occurred_at: '2024-05-01T10:00:00.000Z',
    });
    const [row] = await database.db.select().from(outboxEvents).where(eq(outboxEvents.id, eventId));
    expect(row?.routingKey).toBe('webhook.inbound.telegram');
  });

  it('rejects an event that does not fit the envelope, writing nothing', async () => {
    const aggregateId = randomUUID();
    const attempt = database.db.transaction((tx) =>
      enqueue(tx, {
        event_type: 'contact.created',
        account_id: 'not-a-uuid',
        aggregate_type: 'contact',
        aggregate_id: aggregateId,
        data: {},
      }),
    );
    await expect(attempt).rejects.toThrow();
    expect(
      await database.db.select().from(outboxEvents).where(eq(outboxEvents.aggregateId, aggregateId)),
    ).toEqual([]);
  });

  it('writes several events in one statement, in order, with one notification on commit', async () => {
    const aggregateId = randomUUID();
    const heard: string[] = [];
    const unlisten = await database.listen(OUTBOX_CHANNEL, (payload) => heard.push(payload));
    const types = Array.from({ length: 12 }, (_, i) => `contact.step_${i}`);
    const envelopes = await database.db.transaction((tx) =>
      enqueueAll(
        tx,
        types.map((event_type) => ({
          event_type,
          account_id: null,
          aggregate_type: 'contact',
          aggregate_id: aggregateId,
          data: {},
        })),
      ),
    );
    expect(envelopes.map((e) => e.event_type)).toEqual(types);
    const rows = await database.db
      .select()
      .from(outboxEvents)
      .where(eq(outboxEvents.aggregateId, aggregateId))
      .orderBy(asc(outboxEvents.nextAttemptAt), asc(outboxEvents.createdAt));
    // The relay's order (next_attempt_at, created_at) is the list's order: no ties.
    expect(rows.map((r) => r.eventType)).toEqual(types);
    await expect.poll(() => heard.length).toBeGreaterThanOrEqual(1);
    await unlisten();
    expect(await database.db.transaction((tx) => enqueueAll(tx, []))).toEqual([]);
  });
});
