import { createSilentLogger } from '@turumba/platform/logger';
import { createTestDatabase, testGatewaySecret, testServiceToken } from '@turumba/platform/testing';
import { buildApp } from './app';
import { loadConfig } from './config';
import { createDeps, type Deps, migrationsFolder } from './deps';
import { seedDemo } from './seed/demo';

export const demoPassword = 'demo-password-for-tests';

/**
 * The Account API on a fresh database (PostgreSQL when TEST_DATABASE_URL is set, in-memory PGlite
 * otherwise) with the demo account seeded; requests go through `app.inject`.
 */
export async function createTestAccountApi(overrides: { clock?: () => Date } = {}) {
  const database = await createTestDatabase(migrationsFolder);
  const config = loadConfig({
    DATA_DIR: ':memory:',
    GATEWAY_SHARED_SECRET: testGatewaySecret,
    SERVICE_TOKEN: testServiceToken,
  });
  const deps: Deps = await createDeps(config, {
    logger: createSilentLogger(),
    shared: { database: database.database },
    ...overrides,
  });
  await seedDemo(deps.infra.database.db, deps.ids, demoPassword);
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
