import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { cognitoEndpoints, createJwtVerifier, type JwtVerifier } from '@turumba/platform/auth';
import type { EventBus } from '@turumba/platform/bus';
import type { Database } from '@turumba/platform/db';
import type { Kv } from '@turumba/platform/kv';
import { createLogger, type Logger } from '@turumba/platform/logger';
import { createInfrastructure, type Infrastructure } from '@turumba/platform/runtime';
import type { JWTVerifyGetKey } from 'jose';
import { createLocalJWKSet } from 'jose';
import { createAuthService } from './auth/service';
import type { AccountApiConfig } from './config';
import type { ModuleDeps } from './module-deps';
import { createContextService } from './context/service';
import { createSigningKeyService, type SigningKeyService } from './signing-keys/service';
import { createUserRepo } from './users/repo';

export const migrationsFolder = fileURLToPath(new URL('../drizzle', import.meta.url));

export interface Overrides {
  logger?: Logger;
  shared?: { bus?: EventBus; kv?: Kv; database?: Database };
  clock?: () => Date;
}

/** Verifies our own tokens against the keys in our database, re-read at most once a minute. */
function localKeySet(keys: SigningKeyService, clock: () => Date): JWTVerifyGetKey {
  let cache: { getKey: JWTVerifyGetKey; loadedAt: number } | undefined;
  return async (header, token) => {
    const now = clock().getTime();
    const stale = !cache || now - cache.loadedAt > 60_000;
    if (stale) cache = { getKey: createLocalJWKSet(await keys.jwks(clock())), loadedAt: now };
    try {
      return await cache!.getKey(header, token);
    } catch (err) {
      // A key rotated in by another replica within the last minute: reload once.
      if (stale) throw err;
      cache = { getKey: createLocalJWKSet(await keys.jwks(clock())), loadedAt: now };
      return cache.getKey(header, token);
    }
  };
}

export async function createDeps(config: AccountApiConfig, overrides: Overrides = {}) {
  const logger = overrides.logger ?? createLogger({ name: 'account-api', level: config.LOG_LEVEL });
  const clock = overrides.clock ?? (() => new Date());
  const ids = () => randomUUID();
  const infra: Infrastructure = await createInfrastructure({
    name: 'account',
    logger,
    migrationsFolder,
    databaseUrl: config.ACCOUNT_DATABASE_URL,
    dataDir: config.DATA_DIR,
    rabbitmqUrl: config.RABBITMQ_URL,
    redisUrl: config.REDIS_URL,
    shared: overrides.shared,
  });
  const db = infra.database.db;
  const keys = createSigningKeyService(db);
  await keys.ensureKey();
  const users = createUserRepo(db);
  const cognito =
    config.COGNITO_USER_POOL_ID && config.AWS_REGION
      ? cognitoEndpoints(config.AWS_REGION, config.COGNITO_USER_POOL_ID)
      : undefined;
  const verify: JwtVerifier = cognito
    ? createJwtVerifier({ ...cognito, audience: config.COGNITO_CLIENT_ID })
    : createJwtVerifier({
        jwksUrl: 'http://unused.invalid/',
        issuer: config.JWT_ISSUER,
        audience: config.JWT_AUDIENCE,
        keySet: localKeySet(keys, clock),
      });
  const settings = {
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
    accessTtlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
    refreshTtlSeconds: config.REFRESH_TOKEN_TTL_SECONDS,
  };
  const modules: ModuleDeps = { db, kv: infra.kv, logger, config, clock, ids };
  return {
    config,
    logger,
    clock,
    ids,
    infra,
    modules,
    keys,
    auth: createAuthService({ db, users, keys, settings, clock, ids, localLoginEnabled: !cognito }),
    context: createContextService({ users, verify, subjectIsCognitoSub: Boolean(cognito) }),
  };
}
export type Deps = Awaited<ReturnType<typeof createDeps>>;
