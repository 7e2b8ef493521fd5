import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq, inArray, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, testDatabaseUrlFor } from '../testing/database';
import { createDatabase, type Database, type Db, isUniqueViolation } from './index';
import { selectList } from './select-list';
import { statement } from './statement';
import { outboxEvents, testItems } from './test-schema';
import { testDriverKinds, testMigrationsFolder, waitFor } from './test-support';

async function migrationCount(db: Db): Promise<number> {
  const result = await db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
  return (result as unknown as { rows: Array<{ n: number }> }).rows[0]!.n;
}

async function notify(db: Db, channel: string, payload: string): Promise<void> {
  await db.execute(sql`select pg_notify(${channel}, ${payload})`);
}

describe.each(testDriverKinds)('database on %s', (kind) => {
  let test: TestDatabase;
  let database: Database;
  beforeAll(async () => {
    test = await createTestDatabase(testMigrationsFolder, { kind });
    database = test.database;
  });
  afterAll(() => test?.cleanup());

  it('applies the migrations before createDatabase resolves', async () => {
    expect(database.kind).toBe(kind);
    expect(await migrationCount(database.db)).toBe(1);
    expect(await database.db.select().from(testItems)).toEqual([]);
  });

  it('reads a row through a prebuilt select list exactly as drizzle selects it', async () => {
    const id = crypto.randomUUID();
    await database.db.insert(outboxEvents).values({
      id,
      eventType: 'test.happened',
      routingKey: 'test.happened',
      version: 1,
      accountId: null,
      aggregateType: 'test',
      aggregateId: 'a1',
      payload: { nested: { list: [1, 'two'] } } as never,
      publishedAt: new Date('2026-12-07T08:00:00.123Z'),
    });
    const [expected] = await database.db.select().from(outboxEvents).where(eq(outboxEvents.id, id));
    const outbox = selectList(outboxEvents);
    const result = await database.db.execute(
      sql`select ${outbox.list} from ${outboxEvents} where ${outboxEvents.id} = ${id}`,
    );
    const [raw] = (result as unknown as { rows: Record<string, unknown>[] }).rows;
    const row = outbox.fromRow(raw!);
    expect(row).toEqual(expected);
    expect(row.publishedAt).toEqual(new Date('2026-12-07T08:00:00.123Z'));
    expect(row.createdAt).toBeInstanceOf(Date);
    expect(row.accountId).toBeNull();
    expect(row.lastError).toBeNull();
  });

  it('runs a statement built once with new values each time, as the template itself would', async () => {
    const names = ['stmt-a', 'stmt-b', 'stmt-c'];
    await database.db.insert(testItems).values(names.map((name) => ({ name })));
    const template = (value: (name: 'first' | 'second') => unknown) =>
      sql`select ${testItems.name} as name from ${testItems}
          where ${inArray(testItems.name, names)} and ${testItems.name} in (${value('first')}, ${value('second')})
          order by 1`;
    const query = statement<'first' | 'second'>((value) => template(value));
    const names$ = async (first: string, second: string) => {
      const result = await database.db.execute(query({ first, second }));
      return (result as unknown as { rows: { name: string }[] }).rows.map((r) => r.name);
    };
    expect(await names$('stmt-a', 'stmt-c')).toEqual(['stmt-a', 'stmt-c']);
    expect(await names$('stmt-b', 'stmt-b')).toEqual(['stmt-b']);
    // The same text and parameters as the template rendered with the values in place.
    const dialect = new PgDialect();
    const direct = dialect.sqlToQuery(template((name) => (name === 'first' ? 'stmt-a' : 'stmt-c')));
    expect(dialect.sqlToQuery(query({ first: 'stmt-a', second: 'stmt-c' }))).toEqual(direct);
    expect(() => query({ first: 'stmt-a' } as never)).toThrow('no value for second');
  });

  it('ping resolves while the database is reachable', async () => {
    await expect(database.ping()).resolves.toBeUndefined();
  });

  it('rolls a transaction back when its callback throws', async () => {
    const attempt = database.db.transaction(async (tx) => {
      await tx.insert(testItems).values({ name: 'rolled-back' });
      throw new Error('boom');
    });
    await expect(attempt).rejects.toThrow('boom');
    expect(await database.db.select().from(testItems).where(eq(testItems.name, 'rolled-back'))).toEqual([]);
  });

  it('recognises a unique violation, by constraint name too', async () => {
    await database.db.insert(testItems).values({ name: 'unique-me' });
    const error = await database.db
      .insert(testItems)
      .values({ name: 'unique-me' })
      .then(
        () => undefined,
        (err: unknown) => err,
      );
    expect(isUniqueViolation(error)).toBe(true);
    expect(isUniqueViolation(error, 'test_items_name_unique')).toBe(true);
    expect(isUniqueViolation(error, 'another_constraint')).toBe(false);
  });

  it('does not mistake other errors for unique violations', async () => {
    const error = await database.db.execute(sql`select * from no_such_table`).catch((err: unknown) => err);
    expect(isUniqueViolation(error)).toBe(false);
    expect(isUniqueViolation(new Error('23505'))).toBe(false);
    expect(isUniqueViolation(undefined)).toBe(false);
  });

  it('delivers NOTIFY payloads to listeners until they unlisten', async () => {
    const received: string[] = [];
    const unlisten = await database.listen('db_test_channel', (payload) => received.push(payload));
    await notify(database.db, 'db_test_channel', 'first');
    await waitFor(() => received.includes('first'), { message: 'first notification' });
    await unlisten();

    const after: string[] = [];
    const unlistenSentinel = await database.listen('db_test_sentinel', (payload) => after.push(payload));
    await notify(database.db, 'db_test_channel', 'second');
    await notify(database.db, 'db_test_sentinel', 'done');
    await waitFor(() => after.includes('done'), { message: 'sentinel notification' });
    await unlistenSentinel();
    expect(received).toEqual(['first']);
  });

  it('delivers a NOTIFY sent inside a transaction only if it commits', async () => {
    const received: string[] = [];
    const unlisten = await database.listen('db_test_tx', (payload) => received.push(payload));
    await database.db
      .transaction(async (tx) => {
        await notify(tx, 'db_test_tx', 'rolled-back');
        throw new Error('rollback');
      })
      .catch(() => {});
    await database.db.transaction((tx) => notify(tx, 'db_test_tx', 'committed'));
    await waitFor(() => received.includes('committed'), { message: 'committed notification' });
    await unlisten();
    expect(received).toEqual(['committed']);
  });

  it('rejects LISTEN channel names that the drivers would treat differently', async () => {
    await expect(database.listen('MixedCase', () => {})).rejects.toThrow(/lower-case/);
  });
});

describe('reopening a PGlite data dir', () => {
  it('keeps the data and does not apply the migrations again', async () => {
    const dataDir = join(await mkdtemp(join(tmpdir(), 'platform-db-')), 'nested', 'dir');
    try {
      const first = await createDatabase({ dataDir, migrationsFolder: testMigrationsFolder });
      await first.db.insert(testItems).values({ name: 'persisted' });
      await first.close();

      const second = await createDatabase({ dataDir, migrationsFolder: testMigrationsFolder });
      const names = (await second.db.select().from(testItems)).map((row) => row.name);
      expect(names).toEqual(['persisted']);
      expect(await migrationCount(second.db)).toBe(1);
      await second.close();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('PostgreSQL start-up and LISTEN', () => {
  it('concurrent start-ups on one empty database apply the migrations once, and a restart keeps data', async () => {
    const fresh = await testDatabaseUrlFor('startup');
    const options = { url: fresh.url!, migrationsFolder: testMigrationsFolder, poolSize: 2 };
    try {
      const replicas = await Promise.all([1, 2, 3, 4].map(() => createDatabase(options)));
      expect(await migrationCount(replicas[0]!.db)).toBe(1);
      await replicas[0]!.db.insert(testItems).values({ name: 'kept' });
      await Promise.all(replicas.map((replica) => replica.close()));

      const restarted = await createDatabase(options);
      expect((await restarted.db.select().from(testItems)).map((row) => row.name)).toEqual(['kept']);
      expect(await migrationCount(restarted.db)).toBe(1);
      await restarted.close();
    } finally {
      await fresh.cleanup();
    }
  });

  it('runs pooled sessions without JIT or parallel workers unless the URL says otherwise', async () => {
    const fresh = await testDatabaseUrlFor('session');
    const setting = async (db: Db, name: string) => {
      const result = await db.execute(sql`select current_setting(${name}) as value`);
      return (result as unknown as { rows: Array<{ value: string }> }).rows[0]!.value;
    };
    try {
      const plain = await createDatabase({ url: fresh.url!, migrationsFolder: testMigrationsFolder });
      expect(await setting(plain.db, 'jit')).toBe('off');
      expect(await setting(plain.db, 'max_parallel_workers_per_gather')).toBe('0');
      await plain.close();
      const url = new URL(fresh.url!);
      url.searchParams.set('options', '-c jit=on');
      const own = await createDatabase({ url: url.toString(), migrationsFolder: testMigrationsFolder });
      expect(await setting(own.db, 'jit')).toBe('on');
      await own.close();
    } finally {
      await fresh.cleanup();
    }
  });

  it('re-establishes LISTEN after its connection is terminated', async () => {
    const test = await createTestDatabase(testMigrationsFolder, { kind: 'postgres' });
    const { db } = test.database;
    try {
      const received: string[] = [];
      await test.database.listen('db_test_reconnect', (payload) => received.push(payload));
      await db.execute(sql`
        select pg_terminate_backend(pid) from pg_stat_activity
        where datname = current_database() and query ilike 'LISTEN%'`);
      // Notifications sent while it reconnects are lost, so keep sending until one arrives.
      await waitFor(
        async () => {
          await notify(db, 'db_test_reconnect', 'after-reconnect');
          return received.includes('after-reconnect');
        },
        { intervalMs: 100, message: 'notification after reconnect' },
      );
    } finally {
      await test.cleanup();
    }
  });
});
