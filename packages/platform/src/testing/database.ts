import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDatabase, type Database } from '../db';
import { discardPgliteSnapshot, migratedPgliteSnapshot } from '../db/pglite-snapshot';

export interface TestDatabase {
  database: Database;
  /** The fresh database's URL when on PostgreSQL; undefined on PGlite. */
  url?: string;
  /** Closes the database and, on PostgreSQL, drops it. Safe to call twice. */
  cleanup(): Promise<void>;
}

export interface FreshDatabaseUrl {
  /** Undefined when TEST_DATABASE_URL is not set: the service under test should use PGlite. */
  url?: string;
  cleanup(): Promise<void>;
}

export interface TestDatabaseOptions {
  /** Force a driver; default: PostgreSQL when TEST_DATABASE_URL is set, PGlite otherwise. */
  kind?: Database['kind'];
}

const NAME_PREFIX = 'turumba_test_';
/** Databases left behind by crashed runs are dropped once they are older than this. */
const STALE_AFTER_MS = 6 * 60 * 60 * 1000;

// One small pool per test process for CREATE/DROP DATABASE; allowExitOnIdle keeps it from
// holding the process open after the last test.
let adminPool: pg.Pool | undefined;
let sweptStale = false;

function serverUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL || undefined;
}

function admin(url: string): pg.Pool {
  adminPool ??= new pg.Pool({
    connectionString: url,
    max: 2,
    idleTimeoutMillis: 1_000,
    allowExitOnIdle: true,
  });
  return adminPool;
}

function databaseUrl(server: string, name: string): string {
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Names embed their creation time so a later run can recognise leftovers. */
function freshName(label: string): string {
  const safeLabel = label
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
    .slice(0, 20);
  return `${NAME_PREFIX}${Date.now().toString(36)}_${safeLabel ? `${safeLabel}_` : ''}${randomBytes(5).toString('hex')}`;
}

async function sweepStaleDatabases(pool: pg.Pool): Promise<void> {
  if (sweptStale) return;
  sweptStale = true;
  const { rows } = await pool.query<{ datname: string }>(
    'select datname from pg_database where datname like $1',
    [`${NAME_PREFIX}%`],
  );
  for (const { datname } of rows) {
    const createdAt = Number.parseInt(datname.slice(NAME_PREFIX.length).split('_')[0] ?? '', 36);
    if (Date.now() - createdAt < STALE_AFTER_MS) continue;
    await pool.query(`drop database if exists ${pg.escapeIdentifier(datname)} with (force)`).catch(() => {});
  }
}

/**
 * A fresh, empty database on the TEST_DATABASE_URL server (for tests that start a whole service
 * from a URL); `url` is undefined when that variable is not set.
 */
export async function testDatabaseUrlFor(label = ''): Promise<FreshDatabaseUrl> {
  const server = serverUrl();
  if (!server) return { cleanup: async () => {} };
  const pool = admin(server);
  await sweepStaleDatabases(pool).catch(() => {});
  const name = freshName(label);
  await pool.query(`create database ${pg.escapeIdentifier(name)}`);
  let dropped: Promise<void> | undefined;
  return {
    url: databaseUrl(server, name),
    cleanup() {
      dropped ??= pool
        .query(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`)
        .then(() => {});
      return dropped;
    },
  };
}

/** Starts from a cached migrated dump; a dump that cannot be loaded is rebuilt once. */
async function createPgliteTestDatabase(migrationsFolder: string): Promise<Database> {
  try {
    const pgliteLoadDataDir = await migratedPgliteSnapshot(migrationsFolder);
    return await createDatabase({ migrationsFolder, pgliteLoadDataDir });
  } catch {
    await discardPgliteSnapshot(migrationsFolder);
    return createDatabase({
      migrationsFolder,
      pgliteLoadDataDir: await migratedPgliteSnapshot(migrationsFolder),
    });
  }
}

/**
 * An isolated, migrated database for one test file: a fresh database on the TEST_DATABASE_URL
 * server when it is set, an in-memory PGlite otherwise.
 */
export async function createTestDatabase(
  migrationsFolder: string,
  options: TestDatabaseOptions = {},
): Promise<TestDatabase> {
  const kind = options.kind ?? (serverUrl() ? 'postgres' : 'pglite');
  if (kind === 'pglite') {
    const database = await createPgliteTestDatabase(migrationsFolder);
    return { database, cleanup: () => database.close() };
  }
  if (!serverUrl()) throw new Error('createTestDatabase: kind "postgres" needs TEST_DATABASE_URL');
  const fresh = await testDatabaseUrlFor();
  const url = fresh.url!;
  let database: Database;
  try {
    database = await createDatabase({ url, migrationsFolder, poolSize: 5 });
  } catch (err) {
    await fresh.cleanup();
    throw err;
  }
  let cleaned: Promise<void> | undefined;
  return {
    database,
    url,
    cleanup() {
      cleaned ??= database.close().finally(() => fresh.cleanup());
      return cleaned;
    },
  };
}
