import type { Logger } from '../logger';
import type { Kv } from './types';

type Value = string | Map<string, string>;
type Handler = (message: string) => void;

interface Entry {
  value: Value;
  /** Epoch ms; absent when the key has no TTL. */
  expiresAt?: number;
}

export interface MemoryKvOptions {
  keyPrefix?: string;
  logger?: Logger;
  /** How often expired keys are swept (reads also drop them lazily). Default 1000. */
  sweepIntervalMs?: number;
}

function wrongType(): Error {
  return new Error('WRONGTYPE Operation against a key holding the wrong kind of value');
}

/**
 * The embedded stand-in for Redis, with its semantics where callers can tell: TTLs (replaced by
 * set, kept by incr/hset), WRONGTYPE errors, integer-only incr, and pub/sub delivered
 * asynchronously like a network hop. One process only: services started together share one
 * instance (the composition root passes it around) to see each other's keys and messages.
 */
export function createMemoryKv(options: MemoryKvOptions = {}): Kv {
  const prefix = options.keyPrefix ?? '';
  const entries = new Map<string, Entry>();
  const channels = new Map<string, Set<Handler>>();
  const sweep = setInterval(() => {
    const now = Date.now();
    for (const [key, entry] of entries)
      if (entry.expiresAt !== undefined && entry.expiresAt <= now) entries.delete(key);
  }, options.sweepIntervalMs ?? 1_000);
  // The sweep is housekeeping; it must not keep a finished process (or test worker) alive.
  sweep.unref();

  const live = (key: string): Entry | undefined => {
    const entry = entries.get(prefix + key);
    if (entry?.expiresAt !== undefined && entry.expiresAt <= Date.now()) {
      entries.delete(prefix + key);
      return undefined;
    }
    return entry;
  };
  const stringAt = (key: string): string | undefined => {
    const value = live(key)?.value;
    if (value instanceof Map) throw wrongType();
    return value;
  };
  const hashAt = (key: string, create: boolean): Map<string, string> | undefined => {
    const entry = live(key);
    if (entry && !(entry.value instanceof Map)) throw wrongType();
    if (entry || !create) return entry?.value as Map<string, string> | undefined;
    const hash = new Map<string, string>();
    entries.set(prefix + key, { value: hash });
    return hash;
  };

  return {
    kind: 'memory',
    async get(key) {
      return stringAt(key) ?? null;
    },
    async set(key, value, setOptions = {}) {
      if (setOptions.onlyIfAbsent && live(key)) return false;
      const ttl = setOptions.ttlSeconds;
      entries.set(prefix + key, {
        value,
        expiresAt: ttl === undefined ? undefined : Date.now() + ttl * 1_000,
      });
      return true;
    },
    async del(...keys) {
      let deleted = 0;
      for (const key of keys) if (live(key) && entries.delete(prefix + key)) deleted++;
      return deleted;
    },
    async incr(key) {
      const current = stringAt(key) ?? '0';
      if (!/^-?\d+$/.test(current)) throw new Error('ERR value is not an integer or out of range');
      const next = Number.parseInt(current, 10) + 1;
      const entry = live(key);
      entries.set(prefix + key, { value: String(next), expiresAt: entry?.expiresAt });
      return next;
    },
    async expire(key, ttlSeconds) {
      const entry = live(key);
      if (!entry) return false;
      // As in Redis, a non-positive TTL deletes the key.
      if (ttlSeconds <= 0) entries.delete(prefix + key);
      else entry.expiresAt = Date.now() + ttlSeconds * 1_000;
      return true;
    },
    async ttl(key) {
      const entry = live(key);
      if (!entry) return -2;
      if (entry.expiresAt === undefined) return -1;
      return Math.round((entry.expiresAt - Date.now()) / 1_000);
    },
    async hget(key, field) {
      return hashAt(key, false)?.get(field) ?? null;
    },
    async hset(key, values) {
      if (Object.keys(values).length === 0) return;
      const hash = hashAt(key, true)!;
      for (const [field, value] of Object.entries(values)) hash.set(field, value);
    },
    async hdel(key, ...fields) {
      const hash = hashAt(key, false);
      if (!hash) return 0;
      const deleted = fields.filter((field) => hash.delete(field)).length;
      if (hash.size === 0) entries.delete(prefix + key); // Redis drops empty hashes
      return deleted;
    },
    async hgetall(key) {
      return Object.fromEntries(hashAt(key, false) ?? []);
    },
    async publish(channel, message) {
      for (const handler of channels.get(prefix + channel) ?? []) {
        setImmediate(() => {
          try {
            handler(message);
          } catch (err) {
            options.logger?.error({ err, channel }, 'kv subscriber threw');
          }
        });
      }
    },
    async subscribe(channel, handler) {
      const handlers = channels.get(prefix + channel) ?? new Set();
      // Wrapped so the same function subscribed twice gets two independent subscriptions.
      const subscription: Handler = (message) => handler(message);
      handlers.add(subscription);
      channels.set(prefix + channel, handlers);
      return async () => {
        handlers.delete(subscription);
        // Only drop the set if it is still the registered one (unsubscribe may run twice).
        if (handlers.size === 0 && channels.get(prefix + channel) === handlers)
          channels.delete(prefix + channel);
      };
    },
    async ping() {},
    async close() {
      clearInterval(sweep);
      channels.clear();
    },
  };
}
