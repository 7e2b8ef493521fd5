import { createAdapter } from '@socket.io/redis-adapter';
import { closeInOrder, createHttpApp, type HttpApp } from '@turumba/platform/http';
import { Redis } from 'ioredis';
import { Server } from 'socket.io';
import type { RealtimeConfig } from './config';
import { createDeps, type Overrides } from './deps';
import { setUpAgentsNamespace } from './sockets/agents';

export interface RunningRealtime {
  app: HttpApp;
  io: Server;
  url: string;
  close(): Promise<void>;
}

/** Socket.IO on the Fastify server (which keeps /health and /ready), Redis adapter when configured. */
export async function startRealtime(
  config: RealtimeConfig,
  overrides: Overrides = {},
): Promise<RunningRealtime> {
  const deps = createDeps(config, overrides);
  const redis = config.REDIS_URL ? new Redis(config.REDIS_URL, { lazyConnect: false }) : undefined;
  const app = await createHttpApp({
    name: 'Turumba Realtime',
    logger: deps.logger,
    readiness: redis ? { redis: async () => void (await redis.ping()) } : {},
  });
  const io = new Server(app.server, {
    path: config.SOCKET_PATH,
    serveClient: false,
    maxHttpBufferSize: 64 * 1024,
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: false },
  });
  const subscriber = redis?.duplicate();
  if (redis && subscriber) io.adapter(createAdapter(redis, subscriber));
  setUpAgentsNamespace(io.of('/agents'), deps);
  const url = await app.listen({ port: config.REALTIME_PORT, host: config.HOST });
  return {
    app,
    io,
    url,
    close: () =>
      closeInOrder(
        [
          ['socket.io', () => new Promise<void>((resolve) => io.close(() => resolve()))],
          ['http', () => app.close()],
          ['redis', async () => void (await Promise.all([redis?.quit(), subscriber?.quit()]))],
        ],
        deps.logger,
      ),
  };
}
