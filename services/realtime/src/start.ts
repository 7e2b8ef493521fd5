import { SocketNamespace } from '@turumba/contracts';
import { closeInOrder, createHttpApp, type HttpApp } from '@turumba/platform/http';
import type { Server } from 'socket.io';
import type { RealtimeConfig } from './config';
import { createMembership } from './conversations/membership';
import { createDeps, type Deps, type Overrides } from './deps';
import { startEventConsumer } from './events/consumer';
import { createDeliverEvent, type DeliverEvent } from './events/deliver-event';
import { createEmit } from './io/emit';
import { startSlowClientGuard } from './io/slow-clients';
import { createSocketServer } from './io/socket-server';
import { createPresence } from './presence/presence';
import { startPresenceTimers } from './presence/timers';
import { setUpAgentsNamespace } from './sockets/agents';
import { setUpCustomersNamespace } from './sockets/customers';
import { createSessionEnd } from './sockets/session-end';
import { startTokenExpiry } from './sockets/token-expiry';
import { createReplay } from './sync/replay-missed';
import { createTyping } from './typing/typing';
import { createSendVisitorMessage } from './webchat/send-visitor-message';

export interface RunningRealtime {
  app: HttpApp;
  io: Server;
  url: string;
  deps: Deps;
  /** What the bus consumer calls for each event (benchmarks and tests may call it directly). */
  deliverEvent: DeliverEvent;
  close(): Promise<void>;
}

/** Socket.IO on the Fastify server (which keeps /health and /ready), fed by the bus consumer. */
export async function startRealtime(
  config: RealtimeConfig,
  overrides: Overrides = {},
): Promise<RunningRealtime> {
  const deps = await createDeps(config, overrides);
  const { logger, kv, instanceId } = deps;
  const app = await createHttpApp({ name: 'Turumba Realtime', logger, readiness: deps.readiness });
  const io = createSocketServer(app.server, config, deps.redis);
  const emit = createEmit(io);
  const guard = { eventsPerSecond: config.SOCKET_EVENTS_PER_SECOND, maxViolations: 100 };
  const handshakes = { concurrent: config.MAX_CONCURRENT_HANDSHAKES, queued: config.MAX_QUEUED_HANDSHAKES };
  const presence = createPresence({ ...deps, ttlSeconds: config.PRESENCE_TTL_SECONDS });
  const setTyping = createTyping({ kv, emit, ttlSeconds: config.TYPING_TTL_SECONDS });
  const replayMissed = createReplay({ log: deps.eventLog, windowMs: config.EVENT_LOG_WINDOW_SECONDS * 1000 });
  const agents = io.of(SocketNamespace.agents);
  const customers = io.of(SocketNamespace.customers);
  setUpAgentsNamespace(agents, {
    ...deps,
    membership: createMembership({ ...deps, maxRooms: config.MAX_ROOMS_PER_SOCKET }),
    setTyping,
    presence,
    replayMissed,
    guard,
    handshakes,
  });
  setUpCustomersNamespace(customers, {
    ...deps,
    sendVisitorMessage: createSendVisitorMessage(deps.forwardVisitorMessage),
    setTyping,
    replayMissed,
    guard,
    handshakes,
  });
  const stopPresence = startPresenceTimers(presence, {
    kv,
    logger,
    instanceId,
    ttlSeconds: config.PRESENCE_TTL_SECONDS,
  });
  const stopTokenExpiry = startTokenExpiry(agents, config.TOKEN_CHECK_INTERVAL_MS);
  const stopSlowGuard = startSlowClientGuard([agents, customers], { maxQueued: 5_000, intervalMs: 5_000 });

  const url = await app.listen({ port: config.REALTIME_PORT, host: config.HOST });
  const deliverEvent = createDeliverEvent({ log: deps.eventLog, emit, logger });
  const consumer = await startEventConsumer(
    deps.bus,
    { queue: config.REALTIME_QUEUE, logger },
    deliverEvent,
    createSessionEnd(agents),
  );

  return {
    app,
    io,
    url,
    deps,
    deliverEvent,
    close: () =>
      closeInOrder(
        [
          ['bus consumer', () => consumer.close()],
          [
            'timers',
            () => {
              stopPresence();
              stopTokenExpiry();
              stopSlowGuard();
            },
          ],
          ['socket.io', () => new Promise<void>((resolve) => io.close(() => resolve()))],
          ['http', () => app.close()],
          ...deps.closers,
        ],
        logger,
      ),
  };
}
