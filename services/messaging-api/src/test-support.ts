import { createSilentLogger } from '@turumba/platform/logger';
import { createTestDatabase, testGatewaySecret, testServiceToken } from '@turumba/platform/testing';
import { buildApp } from './app';
import { loadConfig } from './config';
import type { AccountDirectory } from './conversations/service';
import { createDeps, type Deps, migrationsFolder } from './deps';

/** The Account API's user directory, in process: tests say who is in which team. */
export function createFakeDirectory() {
  const teams = new Map<string, string[]>();
  const names = new Map<string, string>();
  const key = (accountId: string, userId: string) => `${accountId}:${userId}`;
  const directory: AccountDirectory & {
    setTeams(accountId: string, userId: string, teamIds: string[]): void;
    setName(accountId: string, userId: string, name: string): void;
  } = {
    teamsOf: async (accountId, userId) => teams.get(key(accountId, userId)) ?? [],
    userName: async (accountId, userId) => names.get(key(accountId, userId)) ?? null,
    setTeams: (accountId, userId, teamIds) => void teams.set(key(accountId, userId), teamIds),
    setName: (accountId, userId, name) => void names.set(key(accountId, userId), name),
  };
  return directory;
}

/**
 * The Messaging API on a fresh database (PostgreSQL when TEST_DATABASE_URL is set, in-memory
 * PGlite otherwise); requests go through `app.inject` with gateway-signed headers.
 */
export async function createTestMessagingApi(options: { directory?: AccountDirectory } = {}) {
  const directory = options.directory ?? createFakeDirectory();
  const database = await createTestDatabase(migrationsFolder);
  const config = loadConfig({
    DATA_DIR: ':memory:',
    GATEWAY_SHARED_SECRET: testGatewaySecret,
    SERVICE_TOKEN: testServiceToken,
    CREDENTIALS_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
  });
  const deps: Deps = await createDeps(config, {
    logger: createSilentLogger(),
    shared: { database: database.database },
    directory,
  });
  const app = await buildApp(deps);
  await app.ready();
  return {
    app,
    deps,
    async cleanup() {
      await app.close();
      await deps.infra.close();
      await database.cleanup();
    },
  };
}
