import proxy from '@fastify/http-proxy';
import type { AnyFastify } from '@turumba/platform/http';

/**
 * `/ws` (Socket.IO: long-polling requests and the WebSocket upgrade) goes to Realtime unchanged;
 * Realtime checks the JWT at handshake itself.
 */
export async function registerWebSocketProxy(app: AnyFastify, realtimeUrl: string) {
  await app.register(proxy, {
    upstream: realtimeUrl,
    prefix: '/ws',
    rewritePrefix: '/ws',
    websocket: true,
  });
}
