import { cognitoEndpoints, createJwtVerifier } from '@turumba/platform/auth';
import { createKv, type Kv } from '@turumba/platform/kv';
import { createLogger, type Logger } from '@turumba/platform/logger';
import type { GatewayConfig } from './config';
import { createContextCache } from './identity/context-cache';

export interface Overrides {
  logger?: Logger;
  /** Rate-limit counters (tests give each gateway its own key prefix). */
  kv?: Kv;
}

export function createDeps(config: GatewayConfig, overrides: Overrides = {}) {
  const logger = overrides.logger ?? createLogger({ name: 'gateway', level: config.LOG_LEVEL });
  const cognito =
    config.COGNITO_USER_POOL_ID && config.AWS_REGION
      ? cognitoEndpoints(config.AWS_REGION, config.COGNITO_USER_POOL_ID)
      : undefined;
  const verify = createJwtVerifier({
    jwksUrl:
      config.JWKS_URL ?? cognito?.jwksUrl ?? new URL('/.well-known/jwks.json', config.ACCOUNT_API_URL).href,
    issuer: cognito?.issuer ?? config.JWT_ISSUER,
    audience: cognito ? config.COGNITO_CLIENT_ID : config.JWT_AUDIENCE,
  });
  const identityFor = createContextCache({
    accountApiUrl: config.ACCOUNT_API_URL,
    ttlSeconds: config.CONTEXT_CACHE_SECONDS,
  });
  const kv = overrides.kv ?? createKv({ url: config.REDIS_URL, logger });
  const rateLimits = {
    authPerMinute: config.GATEWAY_RATE_LIMIT_AUTH_PER_MINUTE,
    publicPerMinute: config.GATEWAY_RATE_LIMIT_PUBLIC_PER_MINUTE,
    webhookPerChannelPerMinute: config.GATEWAY_RATE_LIMIT_WEBHOOK_PER_MINUTE,
  };
  return { config, logger, verify, identityFor, kv, ownsKv: !overrides.kv, rateLimits };
}
export type Deps = ReturnType<typeof createDeps>;
