import type { Kv } from '@turumba/platform/kv';
import type { Logger } from '@turumba/platform/logger';
import type { Presence } from './presence';

/**
 * Every third of the TTL: refresh this instance's agents, and (one instance at a time, by a
 * short lock) sweep the expired ones. Returns the stop function.
 */
export function startPresenceTimers(
  presence: Presence,
  deps: { kv: Kv; logger: Logger; instanceId: string; ttlSeconds: number },
): () => void {
  const periodMs = Math.max(200, (deps.ttlSeconds * 1000) / 3);
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await presence.refresh();
      const lock = { ttlSeconds: periodMs / 1000, onlyIfAbsent: true };
      if (await deps.kv.set('agent:presence:sweep', deps.instanceId, lock)) await presence.sweep();
    } catch (err) {
      deps.logger.warn({ err }, 'presence heartbeat failed');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(tick, periodMs);
  timer.unref();
  return () => clearInterval(timer);
}
