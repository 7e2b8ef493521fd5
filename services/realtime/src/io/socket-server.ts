import type { Server as HttpServer, IncomingMessage } from 'node:http';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Redis } from 'ioredis';
import { Server } from 'socket.io';
import type { RealtimeConfig } from '../config';

/** What an upgrade request still holds once its connection is open, dropped. */
function releaseRequest(request: IncomingMessage): void {
  request.headers = {};
  request.rawHeaders = [];
  request.url = '';
  (request as IncomingMessage & { _query?: unknown })._query = undefined;
}

/**
 * Socket.IO on the service's HTTP server. With Redis, the Redis Streams adapter: emits reach every
 * instance, and (unlike the pub/sub Redis adapter) it supports connection-state recovery across
 * instances and survives a Redis reconnect without losing packets. Without Redis, the in-memory
 * adapter (one instance). Either way a drop shorter than RECOVERY_WINDOW_MS is recovered with the
 * missed packets; longer ones use `sync`.
 */
export function createSocketServer(httpServer: HttpServer, config: RealtimeConfig, redis?: Redis): Server {
  const io = new Server(httpServer, {
    path: config.SOCKET_PATH,
    serveClient: false,
    maxHttpBufferSize: config.MAX_PACKET_BYTES,
    connectionStateRecovery: { maxDisconnectionDuration: config.RECOVERY_WINDOW_MS, skipMiddlewares: false },
  });
  // Socket.IO keeps each session's first HTTP request (headers, parser state) for express-session;
  // nothing here reads it after the handshake, and dropping it saves a few KB per socket. Engine.IO's
  // upgrade response also holds the request until the connection closes (a 'close' listener on the
  // TCP socket), so its headers are emptied too (~1.5 KB a socket: 20 MiB at 15,000).
  io.engine.on('connection', (rawSocket: { request: IncomingMessage | null }) => {
    const request = rawSocket.request;
    rawSocket.request = null;
    if (request) releaseRequest(request);
  });
  if (redis) {
    const prefix = config.REDIS_KEY_PREFIX;
    io.adapter(
      createAdapter(redis, {
        streamName: `${prefix}socket.io`,
        channelPrefix: `${prefix}socket.io`,
        sessionKeyPrefix: `${prefix}sio:session:`,
        // The stream is what recovery replays from: ~50k packets is seconds at peak, minutes usually.
        maxLen: 50_000,
        // Short blocking reads so close() does not wait long for the reader to notice.
        blockTimeInMs: 1_000,
        onlyPlaintext: true,
      }),
    );
  }
  return io;
}
