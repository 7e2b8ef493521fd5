import type { Namespace } from 'socket.io';
import type { AgentSocketData } from './agent-auth';

/**
 * Closes agent sockets whose JWT has expired (checked every `intervalMs`; one timer for the
 * namespace rather than one per socket). The client reconnects with a fresh token.
 */
export function startTokenExpiry(namespace: Namespace, intervalMs: number, now: () => number = Date.now) {
  const timer = setInterval(() => {
    const at = now();
    for (const socket of namespace.sockets.values()) {
      const data = socket.data as AgentSocketData;
      if (data.expiresAt > at) continue;
      data.isExpired = true;
      socket.disconnect(true);
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
