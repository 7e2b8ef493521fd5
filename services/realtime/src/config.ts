import { env, parseConfig } from '@turumba/platform/config';
import { z } from 'zod';

export const RealtimeConfig = z.object({
  REALTIME_PORT: env.port(3200),
  HOST: z.string().default('127.0.0.1'),
  LOG_LEVEL: env.logLevel(),
  RABBITMQ_URL: env.optionalUrl(),
  REDIS_URL: env.optionalUrl(),
  ACCOUNT_API_URL: env.url().default('http://127.0.0.1:8001'),
  /** Defaults to the Account API's JWKS, or Cognito's when the pool is configured. */
  JWKS_URL: env.optionalUrl(),
  JWT_ISSUER: z.string().min(1).default('turumba'),
  JWT_AUDIENCE: z.string().min(1).default('turumba-api'),
  COGNITO_USER_POOL_ID: z.string().optional(),
  AWS_REGION: z.string().optional(),
  COGNITO_CLIENT_ID: z.string().optional(),
  /** Socket.IO path; the gateway proxies `/ws` here unchanged. */
  SOCKET_PATH: z.string().startsWith('/').default('/ws'),
});
export type RealtimeConfig = z.infer<typeof RealtimeConfig>;

export function loadConfig(source: Record<string, string | undefined> = process.env): RealtimeConfig {
  return parseConfig(RealtimeConfig, source);
}
