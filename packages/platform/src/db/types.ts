import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { Logger } from '../logger';

/**
 * A Drizzle database or transaction: node-postgres and PGlite both satisfy it, and
 * a transaction handle (`db.transaction(async (tx) => ...)`) does too, so repositories
 * take a `Db` and work inside or outside a transaction.
 */
// biome-ignore lint/suspicious/noExplicitAny: the schema generic differs per service
export type Db = PgDatabase<PgQueryResultHKT, any>;

export interface Database {
  readonly kind: 'postgres' | 'pglite';
  readonly db: Db;
  /** LISTEN on a channel (PostgreSQL and PGlite both support it); returns an unlisten function. */
  listen(channel: string, handler: (payload: string) => void): Promise<() => Promise<void>>;
  /** Throws when the database is unreachable (for /ready). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** PostgreSQL connection string; when absent, PGlite is used. */
  url?: string;
  /** PGlite data directory; when absent (and no url), an in-memory PGlite. */
  dataDir?: string;
  /** Folder of committed drizzle-kit SQL migrations, applied before the promise resolves. */
  migrationsFolder: string;
  logger?: Logger;
  /** node-postgres pool size. Default 10. */
  poolSize?: number;
  /**
   * PGlite only: start from this dump (`PGlite.dumpDataDir`) instead of running initdb, which
   * takes seconds. Tests use a cached, already migrated dump (see db/pglite-snapshot.ts).
   */
  pgliteLoadDataDir?: Blob;
}
