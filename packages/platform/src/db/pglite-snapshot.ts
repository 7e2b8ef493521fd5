import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';

/*
 * A fresh in-memory PGlite runs initdb, which takes 3-5 s; loading a dumped data dir takes ~1 s.
 * Test processes therefore share a dump of an already migrated database, cached on disk per
 * migrations folder and keyed by the folder's contents and the PGlite version, so any change to
 * the migrations produces a new dump. Test-only: services open their data dir normally.
 */

const cacheDir = join(tmpdir(), 'turumba-pglite-snapshots');
const inProcess = new Map<string, Promise<Blob>>();

async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

function pgliteVersion(): string {
  try {
    const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
    // The package does not export its package.json; the entry is dist/index.cjs.
    const pkg = JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8'));
    return String(pkg.version);
  } catch {
    return 'unknown';
  }
}

async function snapshotKey(folder: string): Promise<{ prefix: string; file: string }> {
  const contents = createHash('sha256').update(pgliteVersion());
  for (const file of await filesUnder(folder)) {
    contents.update(relative(folder, file)).update(await readFile(file));
  }
  const prefix = createHash('sha256').update(folder).digest('hex').slice(0, 12);
  return { prefix, file: join(cacheDir, `${prefix}-${contents.digest('hex').slice(0, 16)}.tar`) };
}

async function buildSnapshot(migrationsFolder: string): Promise<Blob> {
  const client = await PGlite.create();
  try {
    await migrate(drizzle({ client }), { migrationsFolder });
    return await client.dumpDataDir('none');
  } finally {
    await client.close();
  }
}

/** Write-then-rename so concurrent test processes never read a half-written dump. */
async function store(prefix: string, file: string, dump: Blob): Promise<void> {
  await mkdir(cacheDir, { recursive: true });
  const temporary = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temporary, Buffer.from(await dump.arrayBuffer()));
  await rename(temporary, file);
  // Dumps of older versions of the same folder's migrations are dead weight (~40 MB each).
  for (const name of await readdir(cacheDir)) {
    const path = join(cacheDir, name);
    if (name.startsWith(`${prefix}-`) && path !== file && !name.endsWith('.tmp'))
      await rm(path, { force: true });
  }
}

async function loadOrBuild(migrationsFolder: string): Promise<Blob> {
  const { prefix, file } = await snapshotKey(migrationsFolder);
  const cached = await readFile(file).catch(() => undefined);
  if (cached) return new Blob([cached]);
  const dump = await buildSnapshot(migrationsFolder);
  await store(prefix, file, dump).catch(() => {}); // the cache is an optimisation only
  return dump;
}

/** A dump of an in-memory PGlite with `migrationsFolder` applied, for `pgliteLoadDataDir`. */
export function migratedPgliteSnapshot(migrationsFolder: string): Promise<Blob> {
  const folder = resolve(migrationsFolder);
  let snapshot = inProcess.get(folder);
  if (!snapshot) {
    snapshot = loadOrBuild(folder);
    snapshot.catch(() => inProcess.delete(folder));
    inProcess.set(folder, snapshot);
  }
  return snapshot;
}

/** Forget a dump that failed to load, so the next call rebuilds it. */
export async function discardPgliteSnapshot(migrationsFolder: string): Promise<void> {
  const folder = resolve(migrationsFolder);
  inProcess.delete(folder);
  await rm((await snapshotKey(folder)).file, { force: true });
}
