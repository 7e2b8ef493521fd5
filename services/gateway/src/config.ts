import { fileURLToPath } from 'node:url';
import { env, parseConfig } from '@turumba/platform/config';
import { z } from 'zod';

export const GatewayConfig = z.object({
  GATEWAY_PORT: env.port(8080),
  /** The gateway is the public entry; bind wider in production (0.0.0.0). */
  GATEWAY_HOST: z.string().default('127.0.0.1'),
  LOG_LEVEL: env.logLevel(),
  ACCOUNT_API_URL: env.url().default('http://127.0.0.1:8001'),
  MESSAGING_API_URL: env.url().default('http://127.0.0.1:8002'),
  REALTIME_URL: env.url().default('http://127.0.0.1:3200'),
  GATEWAY_SHARED_SECRET: env.secret(),
  JWKS_URL: env.optionalUrl(),
  JWT_ISSUER: z.string().min(1).default('turumba'),
  JWT_AUDIENCE: z.string().min(1).default('turumba-api'),
  COGNITO_USER_POOL_ID: z.string().optional(),
  AWS_REGION: z.string().optional(),
  COGNITO_CLIENT_ID: z.string().optional(),
  /** Trust X-Forwarded-For from a load balancer in front of the gateway (off: clients can't spoof their IP). */
  GATEWAY_TRUST_PROXY: env.bool(false),
  /** How long the user's accounts and roles are cached per token. */
  CONTEXT_CACHE_SECONDS: z.coerce.number().int().min(0).max(300).default(15),
  /** The built web app (apps/web/dist). */
  WEB_DIST_DIR: z.string().default(fileURLToPath(new URL('../../../apps/web/dist', import.meta.url))),
  /** Largest request body forwarded (email webhooks carry attachments). */
  GATEWAY_BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(25 * 1024 * 1024),
});
export type GatewayConfig = z.infer<typeof GatewayConfig>;

export function loadConfig(source: Record<string, string | undefined> = process.env): GatewayConfig {
  return parseConfig(GatewayConfig, source);
}
