import { cognitoEndpoints, createJwtVerifier } from '@turumba/platform/auth';
import type { EventBus } from '@turumba/platform/bus';
import type { Kv } from '@turumba/platform/kv';
import { createLogger, type Logger } from '@turumba/platform/logger';
import type { RealtimeConfig } from './config';
import { createContextClient } from './identity/context-client';

export interface Overrides {
  logger?: Logger;
  shared?: { bus?: EventBus; kv?: Kv };
}

export function createDeps(config: RealtimeConfig, overrides: Overrides = {}) {
  const logger = overrides.logger ?? createLogger({ name: 'realtime', level: config.LOG_LEVEL });
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
  return { config, logger, verify, fetchIdentity: createContextClient(config.ACCOUNT_API_URL) };
}
export type Deps = ReturnType<typeof createDeps>;
