import { fileURLToPath } from 'node:url';
import { env, parseConfig } from '@turumba/platform/config';
import { z } from 'zod';

const perMinute = (fallback: number) => z.coerce.number().int().min(0).default(fallback);

export const GatewayConfig = z.object({
  GATEWAY_PORT: env.port(8080),
  /** The gateway is the public entry; bind wider in production (0.0.0.0). */
  GATEWAY_HOST: z.string().default('127.0.0.1'),
  LOG_LEVEL: env.logLevel(),
  ACCOUNT_API_URL: env.url().default('http://127.0.0.1:8001'),
  MESSAGING_API_URL: env.url().default('http://127.0.0.1:8002'),
  REALTIME_URL: env.url().default('http://127.0.0.1:3200'),
  /** Rate-limit counters, shared by every gateway instance; in-memory (per instance) when unset. */
  REDIS_URL: env.optionalUrl(),
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
  /** Largest webhook body forwarded (email webhooks carry attachments). */
  GATEWAY_BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(25 * 1024 * 1024),
  /** Largest body of every other route (the backends accept 1 MiB of JSON). */
  GATEWAY_API_BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  /** Requests per minute per client IP on login, refresh and register (0: no limit). */
  GATEWAY_RATE_LIMIT_AUTH_PER_MINUTE: perMinute(60),
  /** Requests per minute per client IP on the public web-chat API (0: no limit). */
  GATEWAY_RATE_LIMIT_PUBLIC_PER_MINUTE: perMinute(300),
  /**
   * Webhooks per minute per channel (0: no limit). High on purpose: providers retry a 429 (Twilio
   * does not, and its message is lost), so this only stops one flooded channel starving the rest.
   */
  GATEWAY_RATE_LIMIT_WEBHOOK_PER_MINUTE: perMinute(30_000),
});
export type GatewayConfig = z.infer<typeof GatewayConfig>;

export function loadConfig(source: Record<string, string | undefined> = process.env): GatewayConfig {
  return parseConfig(GatewayConfig, source);
}
