import { randomBytes } from 'node:crypto';
import { createKv } from '@turumba/platform/kv';
import { createSilentLogger } from '@turumba/platform/logger';
import {
  createTestDatabase,
  gatewayHeaders,
  type TestIdentity,
  testGatewaySecret,
  testServiceToken,
} from '@turumba/platform/testing';
import { buildApp } from './app';
import { loadConfig } from './config';
import { createDeps, type Deps, migrationsFolder } from './deps';
import { seedDemo } from './seed/demo';

export const demoPassword = 'demo-password-for-tests';

export interface TestAccountApiOptions {
  clock?: () => Date;
  /** Extra environment variables (e.g. Cognito mode). */
  env?: Record<string, string>;
}

/**
 * The Account API on a fresh database (PostgreSQL when TEST_DATABASE_URL is set, in-memory PGlite
 * otherwise) and a Kv of its own (Redis under a unique key prefix when REDIS_URL is set), with the
 * demo account seeded; requests go through `app.inject`.
 */
export async function createTestAccountApi(options: TestAccountApiOptions = {}) {
  const database = await createTestDatabase(migrationsFolder);
  const kv = createKv({
    url: process.env.REDIS_URL || undefined,
    keyPrefix: `test:account:${randomBytes(6).toString('hex')}:`,
  });
  const config = loadConfig({
    DATA_DIR: ':memory:',
    GATEWAY_SHARED_SECRET: testGatewaySecret,
    SERVICE_TOKEN: testServiceToken,
    ...options.env,
  });
  const deps: Deps = await createDeps(config, {
    logger: createSilentLogger(),
    shared: { database: database.database, kv },
    clock: options.clock,
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
      await kv.close();
      await database.cleanup();
    },
  };
}
export type TestAccountApi = Awaited<ReturnType<typeof createTestAccountApi>>;

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** A request as the gateway forwards it: signed, with `as`'s identity (none for public routes). */
export function send(
  api: TestAccountApi,
  method: Method,
  url: string,
  as?: TestIdentity,
  payload?: unknown,
  headers: Record<string, string> = {},
) {
  return api.app.inject({
    method,
    url,
    headers: { ...gatewayHeaders(method, url, as), ...headers },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
}

/** Signs in through `/v1/auth/login` and returns the token pair. */
export async function loginAs(api: TestAccountApi, email: string, password = demoPassword) {
  const res = await send(api, 'POST', '/v1/auth/login', undefined, { email, password });
  if (res.statusCode !== 200) throw new Error(`login ${email}: ${res.statusCode} ${res.body}`);
  return res.json().data as { access_token: string; refresh_token: string };
}

/** What the gateway would forward for this access token, read from `/context/basic`. */
export async function identityFromToken(api: TestAccountApi, accessToken: string): Promise<TestIdentity> {
  const res = await api.app.inject({
    url: '/context/basic',
    headers: { authorization: `Bearer ${accessToken}` },
  });
  if (res.statusCode !== 200) throw new Error(`context: ${res.statusCode} ${res.body}`);
  const data = res.json().data as {
    user_id: string;
    account_ids: string[];
    role_ids: string[];
    accounts: Array<{ account_id: string; role: string }>;
  };
  return {
    userId: data.user_id,
    accountIds: data.account_ids,
    roleIds: data.role_ids,
    accountRoles: Object.fromEntries(data.accounts.map((a) => [a.account_id, a.role])),
  };
}

/** Signs in and returns the identity the gateway would forward for that user. */
export async function identityOf(api: TestAccountApi, email: string, password = demoPassword) {
  return identityFromToken(api, (await loginAs(api, email, password)).access_token);
}

/** Registers a new user with their own account; returns their tokens and identity. */
export async function registerUser(api: TestAccountApi, email: string, accountName = `${email}'s account`) {
  const body = {
    email,
    password: 'a-long-enough-password',
    name: email.split('@')[0],
    account_name: accountName,
  };
  const res = await send(api, 'POST', '/v1/auth/register', undefined, body);
  if (res.statusCode !== 201) throw new Error(`register ${email}: ${res.statusCode} ${res.body}`);
  const tokens = res.json().data as { access_token: string; refresh_token: string };
  return { tokens, identity: await identityFromToken(api, tokens.access_token) };
}
