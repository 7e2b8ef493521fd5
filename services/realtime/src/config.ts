import { env, parseConfig } from '@turumba/platform/config';
import { z } from 'zod';

const int = (fallback: number, min = 1) => z.coerce.number().int().min(min).default(fallback);

export const RealtimeConfig = z.object({
  REALTIME_PORT: env.port(3200),
  HOST: z.string().default('127.0.0.1'),
  LOG_LEVEL: env.logLevel(),
  RABBITMQ_URL: env.optionalUrl(),
  REDIS_URL: env.optionalUrl(),
  /** Prefix of every Redis key, stream and channel this service uses (one per test file). */
  REDIS_KEY_PREFIX: z.string().default(''),
  /** The durable queue shared by every instance (the Redis adapter fans emits out to all of them). */
  REALTIME_QUEUE: z.string().min(1).default('realtime.events'),
  ACCOUNT_API_URL: env.url().default('http://127.0.0.1:8001'),
  MESSAGING_API_URL: env.url().default('http://127.0.0.1:8002'),
  /** Signs the identity headers of direct calls to the Messaging API, as the gateway does. */
  GATEWAY_SHARED_SECRET: env.secret(),
  /** `X-Service-Token` of `/internal/*` calls. */
  SERVICE_TOKEN: env.secret(),
  /** Defaults to the Account API's JWKS, or Cognito's when the pool is configured. */
  JWKS_URL: env.optionalUrl(),
  JWT_ISSUER: z.string().min(1).default('turumba'),
  JWT_AUDIENCE: z.string().min(1).default('turumba-api'),
  COGNITO_USER_POOL_ID: z.string().optional(),
  AWS_REGION: z.string().optional(),
  COGNITO_CLIENT_ID: z.string().optional(),
  /** Socket.IO path; the gateway proxies `/ws` here unchanged. */
  SOCKET_PATH: z.string().startsWith('/').default('/ws'),
  /** How long a drop may last and still be recovered by Socket.IO (missed packets replayed). */
  RECOVERY_WINDOW_MS: int(2 * 60_000),
  PRESENCE_TTL_SECONDS: int(60),
  TYPING_TTL_SECONDS: int(5),
  /** The per-account event log that `sync` replays: at most this many events ... */
  EVENT_LOG_MAX_EVENTS: int(1000),
  /** ... of at most this age. */
  EVENT_LOG_WINDOW_SECONDS: int(600),
  /** Token bucket per socket: sustained client events per second (and burst). */
  SOCKET_EVENTS_PER_SECOND: int(20),
  MAX_ROOMS_PER_SOCKET: int(200),
  /** How often agent sockets are checked for an expired JWT (and closed). */
  TOKEN_CHECK_INTERVAL_MS: int(10_000),
  /** Handshakes (token checks) run at once per namespace; more wait, up to the queue. */
  MAX_CONCURRENT_HANDSHAKES: int(16),
  /** Handshakes waiting beyond which new ones are refused `unavailable` (the client retries). */
  MAX_QUEUED_HANDSHAKES: int(10_000),
  /** Largest client packet. */
  MAX_PACKET_BYTES: int(64 * 1024),
});
export type RealtimeConfig = z.infer<typeof RealtimeConfig>;

export function loadConfig(source: Record<string, string | undefined> = process.env): RealtimeConfig {
  return parseConfig(RealtimeConfig, source);
}
