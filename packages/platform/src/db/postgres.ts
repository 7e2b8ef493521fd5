import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import type { Logger } from '../logger';
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

/**
 * Keeps a pool usable when connections die under checked-out clients (pg_terminate_backend, a
 * failover, a network cut):
 * - such a client emits 'error' on itself, which the pool does not listen to while it is out:
 *   unhandled, that killed the process. The caller's query rejects with the error anyway.
 * - drizzle's transaction() sends BEGIN before its try/finally, so a connection that dies under
 *   that BEGIN was never released: a few drops exhausted the pool and every query then waited
 *   forever. A client whose connection ends while checked out is handed back here (the pool
 *   discards it), and the caller's own later release() becomes a no-op.
 */
function survivePoolClientLoss(pool: pg.Pool, logger: Logger | undefined): void {
  const checkedOut = new WeakSet<pg.PoolClient>();
  pool.on('acquire', (client) => checkedOut.add(client));
  pool.on('release', (_err, client) => checkedOut.delete(client));
  pool.on('connect', (client) => {
    client.on('error', (err) => logger?.debug({ err }, 'PostgreSQL client connection lost'));
    client.on('end', () => {
      if (!checkedOut.has(client)) return;
      const release = client.release;
      client.release = () => {};
      release(new Error('PostgreSQL connection ended while the client was checked out'));
    });
  });
}

/**
 * Session settings of the services' pooled connections. They run short statements at high
 * concurrency, where JIT compilation (tens of milliseconds once a cost estimate crosses
 * `jit_above_cost`, e.g. a full-text search the planner over-estimates) and parallel workers (a
 * process start per query) cost more than they save. An `options` parameter in the URL wins.
 */
export const SERVICE_SESSION_OPTIONS = '-c jit=off -c max_parallel_workers_per_gather=0';

export async function createPostgresDatabase(url: string, options: DatabaseOptions): Promise<Database> {
  const { logger } = options;
  await migrateWithLock(url, options.migrationsFolder);
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    options: SERVICE_SESSION_OPTIONS,
  });
  // An idle client losing its connection emits on the pool; unhandled, that kills the process.
  pool.on('error', (err) => logger?.warn({ err }, 'idle PostgreSQL client error'));
  survivePoolClientLoss(pool, logger);
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
