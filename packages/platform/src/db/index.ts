import { createPgliteDatabase } from './pglite';
import { createPostgresDatabase } from './postgres';
import type { Database, DatabaseOptions } from './types';

export { findPgError, isUniqueViolation, type PgErrorFields } from './errors';
export { SERVICE_SESSION_OPTIONS } from './postgres';
export { selectList } from './select-list';
export { statement } from './statement';
export type { Database, DatabaseOptions, Db } from './types';

/**
 * Opens the service's database and applies its committed drizzle-kit migrations before
 * resolving: node-postgres when `url` is set, PGlite (in `dataDir`, or in memory) otherwise.
 */
export async function createDatabase(options: DatabaseOptions): Promise<Database> {
  const database = options.url
    ? await createPostgresDatabase(options.url, options)
    : await createPgliteDatabase(options);
  options.logger?.info(
    { kind: database.kind, dataDir: options.url ? undefined : (options.dataDir ?? 'memory') },
    'database ready, migrations applied',
  );
  return database;
}
