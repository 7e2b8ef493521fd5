import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { createPgListener } from './pg-listener';
import type { Database, DatabaseOptions } from './types';

/**
 * Arbitrary but fixed key of the session-level advisory lock that serialises migrations.
 * Advisory locks are scoped to one database, so services sharing a server do not contend.
 */
const MIGRATION_LOCK_KEY = 7_243_908_117;

/**
 * Several replicas start at once against one database; drizzle's migrator is not safe to run
 * concurrently (both would `CREATE SCHEMA drizzle` and apply the same files). The lock is held
 * on a dedicated connection, because a pool could run the unlock on a different session.
 */
async function migrateWithLock(url: string, migrationsFolder: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {}); // reported by the awaited query instead
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await migrate(drizzle({ client }), { migrationsFolder });
  } finally {
    // Ending the session also releases the lock, even when migrate threw.
    await client.end().catch(() => {});
  }
}

export async function createPostgresDatabase(url: string, options: DatabaseOptions): Promise<Database> {
  const { logger } = options;
  await migrateWithLock(url, options.migrationsFolder);
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10 });
  // An idle client losing its connection emits on the pool; unhandled, that kills the process.
  pool.on('error', (err) => logger?.warn({ err }, 'idle PostgreSQL client error'));
  const db = drizzle({ client: pool });
  const listener = createPgListener(url, logger);
  let closing: Promise<void> | undefined;

  return {
    kind: 'postgres',
    db,
    listen: (channel, handler) => listener.listen(channel, handler),
    async ping() {
      await db.execute(sql`select 1`);
    },
    close() {
      closing ??= (async () => {
        await listener.close();
        await pool.end();
      })();
      return closing;
    },
  };
}
