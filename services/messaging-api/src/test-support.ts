import { createSilentLogger } from '@turumba/platform/logger';
import { createTestDatabase, testGatewaySecret, testServiceToken } from '@turumba/platform/testing';
import { buildApp } from './app';
import { loadConfig } from './config';
import { DirectoryUnavailable } from './conversations/errors';
import type { AccountDirectory } from './conversations/service';
import { createDeps, type Deps, migrationsFolder } from './deps';

/**
 * The Account API's directory, in process: tests say who is in which team and which users, teams
 * and contacts belong to which account (nothing does until a test says so, as in the real one).
 * `setUnavailable(true)` makes the membership checks fail as an unreachable Account API does.
 */
export function createFakeDirectory() {
  const teams = new Map<string, string[]>();
  const names = new Map<string, string>();
  const owned = { member: new Set<string>(), team: new Set<string>(), contact: new Set<string>() };
  let isUnavailable = false;
  const key = (accountId: string, id: string) => `${accountId}:${id}`;
  const add = (kind: keyof typeof owned, accountId: string, ids: string[]) => {
    for (const id of ids) owned[kind].add(key(accountId, id));
  };
  const has = async (kind: keyof typeof owned, accountId: string, id: string) => {
    if (isUnavailable) throw new DirectoryUnavailable();
    return owned[kind].has(key(accountId, id));
  };
  const directory: AccountDirectory & {
    setTeams(accountId: string, userId: string, teamIds: string[]): void;
    setName(accountId: string, userId: string, name: string): void;
    addMembers(accountId: string, ...userIds: string[]): void;
    addTeams(accountId: string, ...teamIds: string[]): void;
    addContacts(accountId: string, ...contactIds: string[]): void;
    setUnavailable(unavailable: boolean): void;
  } = {
    teamsOf: async (accountId, userId) => teams.get(key(accountId, userId)) ?? [],
    userName: async (accountId, userId) => names.get(key(accountId, userId)) ?? null,
    isMember: (accountId, userId) => has('member', accountId, userId),
    isTeamOf: (accountId, teamId) => has('team', accountId, teamId),
    isContactOf: (accountId, contactId) => has('contact', accountId, contactId),
    setTeams: (accountId, userId, teamIds) => {
      teams.set(key(accountId, userId), teamIds);
      add('member', accountId, [userId]);
      add('team', accountId, teamIds);
    },
    setName: (accountId, userId, name) => {
      names.set(key(accountId, userId), name);
      add('member', accountId, [userId]);
    },
    addMembers: (accountId, ...userIds) => add('member', accountId, userIds),
    addTeams: (accountId, ...teamIds) => add('team', accountId, teamIds),
    addContacts: (accountId, ...contactIds) => add('contact', accountId, contactIds),
    setUnavailable: (unavailable) => {
      isUnavailable = unavailable;
    },
  };
  return directory;
}
export type FakeDirectory = ReturnType<typeof createFakeDirectory>;

/**
 * The Messaging API on a fresh database (PostgreSQL when TEST_DATABASE_URL is set, in-memory
 * PGlite otherwise); requests go through `app.inject` with gateway-signed headers.
 */
export async function createTestMessagingApi(options: { directory?: AccountDirectory } = {}) {
  const fake = createFakeDirectory();
  const directory = options.directory ?? fake;
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
    /** The in-process directory the app asks, unless the test passed its own. */
    directory: fake,
    async cleanup() {
      await app.close();
      await deps.infra.close();
      await database.cleanup();
    },
  };
}
