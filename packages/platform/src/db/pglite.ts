import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { assertChannelName } from './channel-name';
import type { Database, DatabaseOptions } from './types';

/**
 * Embedded PostgreSQL (WASM). One PGlite is one session used by a single process, so there is
 * no migration race to guard against, but it also means the data dir must not be opened by two
 * processes at once. All queries share the one connection and run one after another.
 */
export async function createPgliteDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const client = await PGlite.create({ dataDir: options.dataDir, loadDataDir: options.pgliteLoadDataDir });
  const db = drizzle({ client });
  try {
    await migrate(db, { migrationsFolder: options.migrationsFolder });
  } catch (err) {
    await client.close();
    throw err;
  }
  let closing: Promise<void> | undefined;

  return {
    kind: 'pglite',
    db,
    async listen(channel, handler) {
      assertChannelName(channel);
      const unlisten = await client.listen(channel, handler);
      return async () => {
        if (!client.closed) await unlisten();
      };
    },
    async ping() {
      await db.execute(sql`select 1`);
    },
    close() {
      closing ??= client.closed ? Promise.resolve() : client.close();
      return closing;
    },
  };
}
