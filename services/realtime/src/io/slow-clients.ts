import type { Namespace } from 'socket.io';

/**
 * Bounded outbound buffers: a client that does not read (slow network, or on purpose) makes the
 * server queue packets for it. Past `maxQueued` its connection is closed; it reconnects and
 * catches up by recovery or `sync` instead of growing our memory. engine.io keeps the queue in
 * a private `writeBuffer`, read defensively.
 */
export function startSlowClientGuard(
  namespaces: Namespace[],
  options: { maxQueued: number; intervalMs: number },
) {
  const timer = setInterval(() => {
    for (const namespace of namespaces) {
      for (const socket of namespace.sockets.values()) {
        const queued = (socket.conn as unknown as { writeBuffer?: unknown[] }).writeBuffer?.length ?? 0;
        if (queued > options.maxQueued) socket.conn.close();
      }
    }
  }, options.intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
