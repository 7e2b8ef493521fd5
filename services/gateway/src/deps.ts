import { cognitoEndpoints, createJwtVerifier } from '@turumba/platform/auth';
import { createLogger, type Logger } from '@turumba/platform/logger';
import type { GatewayConfig } from './config';
import { createContextCache } from './identity/context-cache';

export interface Overrides {
  logger?: Logger;
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
  return { config, logger, verify, identityFor };
}
export type Deps = ReturnType<typeof createDeps>;
