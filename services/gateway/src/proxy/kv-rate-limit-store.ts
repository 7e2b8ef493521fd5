import type { Kv } from '@turumba/platform/kv';

type IncrCallback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/**
 * A `@fastify/rate-limit` store over the platform Kv: Redis when REDIS_URL is set, so every
 * gateway instance counts against the same windows; in-memory otherwise. Fixed windows keyed by
 * their index, so a key that lost its TTL (a crash between INCR and EXPIRE) still stops counting
 * when its window ends.
 */
export function kvRateLimitStore(kv: Kv, now: () => number = Date.now) {
  return class KvRateLimitStore {
    incr(key: string, callback: IncrCallback, timeWindow: number): void {
      const at = now();
      const window = Math.floor(at / timeWindow);
      const windowKey = `gateway:ratelimit:${key}:${window}`;
      const ttl = (window + 1) * timeWindow - at;
      kv.incr(windowKey)
        .then(async (current) => {
          if (current === 1) await kv.expire(windowKey, Math.ceil(timeWindow / 1000) + 1);
          callback(null, { current, ttl });
        })
        .catch((err: Error) => callback(err));
    }

    child(): KvRateLimitStore {
      return this;
    }
  };
}
