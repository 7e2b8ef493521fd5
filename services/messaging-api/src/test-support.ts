import { createSilentLogger } from '@turumba/platform/logger';
import { createTestDatabase, testGatewaySecret, testServiceToken } from '@turumba/platform/testing';
import { buildApp } from './app';
import { loadConfig } from './config';
import { createDeps, type Deps, migrationsFolder } from './deps';

/**
 * The Messaging API on a fresh database (PostgreSQL when TEST_DATABASE_URL is set, in-memory
 * PGlite otherwise); requests go through `app.inject` with gateway-signed headers.
 */
export async function createTestMessagingApi() {
  const database = await createTestDatabase(migrationsFolder);
  const config = loadConfig({
    DATA_DIR: ':memory:',
    GATEWAY_SHARED_SECRET: testGatewaySecret,
    SERVICE_TOKEN: testServiceToken,
  });
  const deps: Deps = await createDeps(config, {
    logger: createSilentLogger(),
    shared: { database: database.database },
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
