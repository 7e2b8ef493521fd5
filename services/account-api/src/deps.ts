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
import { createMemberRepo } from './accounts/members-repo';
import { createAccountRepo } from './accounts/repo';
import { createAccountService } from './accounts/service';
import { createAttemptLimiter } from './auth/attempt-limiter';
import { createRefreshTokenRepo } from './auth/refresh-repo';
import { createAuthService } from './auth/service';
import type { AccountApiConfig } from './config';
import { createCognitoUserResolver } from './context/cognito-users';
import { createMembershipCache } from './context/membership-cache';
import { createContextService } from './context/service';
import type { ModuleDeps } from './module-deps';
import { createRoleRepo } from './roles/repo';
import { createRoleService } from './roles/service';
import { createSigningKeyService, type SigningKeyService } from './signing-keys/service';
import { createUserRepo } from './users/repo';
import { createUserService } from './users/service';

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
  const kv = infra.kv;
  const keys = createSigningKeyService(db);
  await keys.ensureKey();
  const repos = {
    users: createUserRepo(db),
    accounts: createAccountRepo(db),
    members: createMemberRepo(db),
    roles: createRoleRepo(db),
    refreshTokens: createRefreshTokenRepo(db),
  };
  const cognito =
    config.COGNITO_USER_POOL_ID && config.AWS_REGION
      ? cognitoEndpoints(config.AWS_REGION, config.COGNITO_USER_POOL_ID)
      : undefined;
  const verify: JwtVerifier = cognito
    ? createJwtVerifier({
        issuer: cognito.issuer,
        jwksUrl: config.COGNITO_JWKS_URL ?? cognito.jwksUrl,
        audience: config.COGNITO_CLIENT_ID,
      })
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
    refreshReuseGraceSeconds: config.REFRESH_TOKEN_REUSE_GRACE_SECONDS,
  };
  const cache = createMembershipCache(kv, config.MEMBERSHIP_CACHE_SECONDS);
  const localLoginEnabled = !cognito;
  const identity = { db, ...repos, cache, clock, ids };
  const modules: ModuleDeps = { db, kv, logger, config, clock, ids };
  return {
    config,
    logger,
    clock,
    ids,
    infra,
    modules,
    keys,
    auth: createAuthService({
      ...identity,
      keys,
      settings,
      localLoginEnabled,
      loginLimiter: createAttemptLimiter(kv, { name: 'login', max: 10, windowSeconds: 15 * 60 }),
    }),
    context: createContextService({
      users: repos.users,
      verify,
      cache,
      logger,
      cognitoUserId: cognito
        ? createCognitoUserResolver({ db, users: repos.users, kv, clock, ids })
        : undefined,
      sessions: {
        issuer: settings.issuer,
        isLive: (sid, userId) => identity.refreshTokens.isSessionLive(sid, userId),
      },
    }),
    accountService: createAccountService(identity),
    userService: createUserService({ ...identity, localLoginEnabled }),
    roleService: createRoleService(identity),
  };
}
export type Deps = Awaited<ReturnType<typeof createDeps>>;
