import { randomBytes } from 'node:crypto';
import type { HttpApp } from '@turumba/platform/http';
import { closeInOrder } from '@turumba/platform/http';
import { buildApp } from './app';
import type { AccountApiConfig } from './config';
import { createDeps, type Overrides } from './deps';
import { seedDemo } from './seed/demo';

export interface RunningAccountApi {
  app: HttpApp;
  url: string;
  /** Set when this start created the demo account with a generated password (shown once). */
  demoPassword?: string;
  close(): Promise<void>;
}

export async function startAccountApi(
  config: AccountApiConfig,
  overrides: Overrides = {},
): Promise<RunningAccountApi> {
  const deps = await createDeps(config, overrides);
  const seed = config.SEED_DEMO ?? !config.ACCOUNT_DATABASE_URL;
  let demoPassword: string | undefined;
  if (seed) {
    const password = config.DEMO_PASSWORD ?? randomBytes(9).toString('base64url');
    const seeded = await seedDemo(deps.infra.database.db, deps.ids, password);
    if (seeded && !config.DEMO_PASSWORD) demoPassword = password;
  }
  const app = await buildApp(deps);
  const url = await app.listen({ port: config.ACCOUNT_API_PORT, host: config.HOST });
  return {
    app,
    url,
    demoPassword,
    close: () =>
      closeInOrder(
        [
          ['http', () => app.close()],
          ['infrastructure', () => deps.infra.close()],
        ],
        deps.logger,
      ),
  };
}
