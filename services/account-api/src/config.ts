import { env, parseConfig } from '@turumba/platform/config';
import { z } from 'zod';

export const AccountApiConfig = z.object({
  ACCOUNT_API_PORT: env.port(8001),
  HOST: z.string().default('127.0.0.1'),
  LOG_LEVEL: env.logLevel(),
  /** PostgreSQL; PGlite under DATA_DIR/account when unset. */
  ACCOUNT_DATABASE_URL: env.optionalUrl(),
  DATA_DIR: z.string().default('./data'),
  RABBITMQ_URL: env.optionalUrl(),
  REDIS_URL: env.optionalUrl(),
  GATEWAY_SHARED_SECRET: env.secret(),
  SERVICE_TOKEN: env.secret(),
  JWT_ISSUER: z.string().min(1).default('turumba'),
  JWT_AUDIENCE: z.string().min(1).default('turumba-api'),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(900),
  REFRESH_TOKEN_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(3600)
    .default(30 * 86_400),
  /** A rotated refresh token presented again within this many seconds is a concurrent refresh, not theft. */
  REFRESH_TOKEN_REUSE_GRACE_SECONDS: z.coerce.number().int().min(0).max(300).default(10),
  /** Cognito mode: tokens come from the pool; local login is off. */
  COGNITO_USER_POOL_ID: z.string().optional(),
  AWS_REGION: z.string().optional(),
  COGNITO_CLIENT_ID: z.string().optional(),
  /** Where the pool's keys are fetched; defaults to the pool's own JWKS (tests point it at a fake). */
  COGNITO_JWKS_URL: env.optionalUrl(),
  /** How long `/context/basic` caches a user's memberships (invalidated on every change). */
  MEMBERSHIP_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
  /** Seed the demo account on first start; defaults to on for the embedded database. */
  SEED_DEMO: env.optionalBool(),
  DEMO_PASSWORD: z.string().min(8).optional(),
});
export type AccountApiConfig = z.infer<typeof AccountApiConfig>;

export function loadConfig(source: Record<string, string | undefined> = process.env): AccountApiConfig {
  const config = parseConfig(AccountApiConfig, source);
  return config;
}
