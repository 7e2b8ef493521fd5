import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/database';
import { testMigrationsFolder } from './test-support';

const serverUrl = process.env.TEST_DATABASE_URL;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Connections killed under the pool (pg_terminate_backend on this test's database only, as a
// failover or a restart would): the process must not crash, and no client may leak.
describe.skipIf(!serverUrl)('PostgreSQL pool when connections are dropped', () => {
  let test: TestDatabase;
  let admin: pg.Client;

  async function terminateBackends(): Promise<void> {
    const name = new URL(test.url!).pathname.slice(1);
    await admin.query(
      'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
      [name],
    );
  }

  const fillPool = () =>
    Promise.all(
      Array.from({ length: 5 }, () =>
        test.database.db.transaction((tx) => tx.execute(sql`select pg_sleep(0.01)`)),
      ),
    );

  beforeAll(async () => {
    test = await createTestDatabase(testMigrationsFolder, { kind: 'postgres' });
    admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.end();
    await test?.cleanup();
  });

  it('survives a connection killed inside a transaction between two queries', async () => {
    const attempt = test.database.db.transaction(async (tx) => {
      await tx.execute(sql`select 1`);
      await terminateBackends();
      // The client is checked out and idle here: its 'error' event used to be unhandled.
      await sleep(200);
      await tx.execute(sql`select 1`);
    });
    await expect(attempt).rejects.toThrow();
    await fillPool();
  });

  it('leaks no client when the connection dies under a transaction that is starting', async () => {
    for (let round = 0; round < 3; round++) {
      await fillPool();
      await terminateBackends();
      // Handed out before the pool has seen the termination: BEGIN fails on a dead connection.
      await Promise.allSettled(
        Array.from({ length: 5 }, () => test.database.db.transaction((tx) => tx.execute(sql`select 1`))),
      );
    }
    await fillPool();
    // pool.end() waits for every checked-out client: a leaked one makes close() hang.
    const closing = test.database.close().then(() => 'closed');
    expect(await Promise.race([closing, sleep(5_000).then(() => 'a client leaked')])).toBe('closed');
  });
});
