import { randomUUID } from 'node:crypto';
import { cognitoEndpoints, createJwtVerifier } from '@turumba/platform/auth';
import { createBus, type EventBus } from '@turumba/platform/bus';
import type { Closer } from '@turumba/platform/http';
import { createKv, type Kv } from '@turumba/platform/kv';
import { createLogger, type Logger } from '@turumba/platform/logger';
import { Redis } from 'ioredis';
import type { RealtimeConfig } from './config';
import { createMemoryEventLog } from './events/event-log';
import { createRedisEventLog } from './events/redis-event-log';
import { createJsonClient } from './http/json-client';
import { createContextClient, type FetchIdentity } from './identity/context-client';
import { type CanSeeConversation, createConversationAccess } from './messaging/conversation-access';
import { createVisitorMessageForwarder, type ForwardVisitorMessage } from './messaging/visitor-messages';
import { createVisitorVerifier, type VerifyVisitor } from './messaging/visitor-sessions';

/** What a caller (the one-process launcher, a test) may give instead of what config would build. */
export interface Overrides {
  logger?: Logger;
  /** The in-process bus and KV shared by services in one process; not closed here. */
  shared?: { bus?: EventBus; kv?: Kv };
  fetchIdentity?: FetchIdentity;
  canSeeConversation?: CanSeeConversation;
  verifyVisitor?: VerifyVisitor;
  forwardVisitorMessage?: ForwardVisitorMessage;
}

function jwtVerifier(config: RealtimeConfig) {
  const cognito =
    config.COGNITO_USER_POOL_ID && config.AWS_REGION
      ? cognitoEndpoints(config.AWS_REGION, config.COGNITO_USER_POOL_ID)
      : undefined;
  return createJwtVerifier({
    jwksUrl:
      config.JWKS_URL ?? cognito?.jwksUrl ?? new URL('/.well-known/jwks.json', config.ACCOUNT_API_URL).href,
    issuer: cognito?.issuer ?? config.JWT_ISSUER,
    audience: cognito ? config.COGNITO_CLIENT_ID : config.JWT_AUDIENCE,
  });
}

/**
 * Redis for the event log and the Socket.IO adapter. Commands wait through a reconnect instead of
 * failing (no per-request retry limit): a Redis blip delays events, it does not drop them.
 */
function redisConnection(url: string, logger: Logger): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: null,
    retryStrategy: (n) => Math.min(n * 100, 2_000),
    // Commands issued in the same tick (log appends, adapter XADDs) share one write.
    enableAutoPipelining: true,
  });
  redis.on('error', (err) => logger.warn({ err }, 'redis connection error'));
  return redis;
}

export async function createDeps(config: RealtimeConfig, overrides: Overrides = {}) {
  const logger = overrides.logger ?? createLogger({ name: 'realtime', level: config.LOG_LEVEL });
  const requestJson = createJsonClient();
  const messaging = {
    messagingApiUrl: config.MESSAGING_API_URL,
    secret: config.GATEWAY_SHARED_SECRET,
    requestJson,
  };
  const redis = config.REDIS_URL ? redisConnection(config.REDIS_URL, logger) : undefined;
  const kv =
    overrides.shared?.kv ?? createKv({ url: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX, logger });
  const bus = overrides.shared?.bus ?? (await createBus({ url: config.RABBITMQ_URL, logger }));
  const logOptions = {
    maxEvents: config.EVENT_LOG_MAX_EVENTS,
    windowMs: config.EVENT_LOG_WINDOW_SECONDS * 1000,
  };
  const eventLog = redis
    ? createRedisEventLog(redis, config.REDIS_KEY_PREFIX, logOptions)
    : createMemoryEventLog(logOptions);

  const closers: Array<[string, Closer]> = [['event log', () => eventLog.close()]];
  if (redis) {
    closers.push([
      'redis',
      async () => {
        // Auto-pipelined commands wait for setImmediate; QUIT does not, and would overtake them
        // (fire-and-forget writes such as Socket.IO's session saves would then reject).
        await new Promise((resolve) => setImmediate(resolve));
        await redis.quit().catch(() => redis.disconnect());
      },
    ]);
  }
  if (!overrides.shared?.kv) closers.push(['kv', () => kv.close()]);
  if (!overrides.shared?.bus) closers.push(['bus', () => bus.close()]);

  return {
    config,
    logger,
    verify: jwtVerifier(config),
    fetchIdentity:
      overrides.fetchIdentity ?? createContextClient({ accountApiUrl: config.ACCOUNT_API_URL, requestJson }),
    canSeeConversation: overrides.canSeeConversation ?? createConversationAccess(messaging),
    verifyVisitor:
      overrides.verifyVisitor ??
      createVisitorVerifier({
        messagingApiUrl: config.MESSAGING_API_URL,
        serviceToken: config.SERVICE_TOKEN,
      }),
    forwardVisitorMessage: overrides.forwardVisitorMessage ?? createVisitorMessageForwarder(messaging),
    redis,
    kv,
    bus,
    eventLog,
    instanceId: randomUUID(),
    ids: () => randomUUID(),
    clock: () => new Date(),
    closers,
    readiness: {
      bus: () => bus.check(),
      ...(redis ? { redis: async () => void (await redis.ping()) } : {}),
      kv: () => kv.ping(),
    },
  };
}
export type Deps = Awaited<ReturnType<typeof createDeps>>;
