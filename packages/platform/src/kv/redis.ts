import { Redis } from 'ioredis';
import type { Logger } from '../logger';
import type { Kv, SetOptions } from './types';

export interface RedisKvOptions {
  url: string;
  keyPrefix?: string;
  logger?: Logger;
  /** ping() rejects when Redis has not answered within this. Default 2000. */
  pingTimeoutMs?: number;
}

type Handler = (message: string) => void;

interface Channel {
  handlers: Set<Handler>;
  /** Resolves once SUBSCRIBE is confirmed, so no message published after subscribe() is missed. */
  subscribed: Promise<unknown>;
}

/** Reconnect forever, backing off to one attempt every 2 s. */
const retryStrategy = (times: number) => Math.min(times * 100, 2_000);

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Redis via ioredis. ioredis's keyPrefix covers keys but not pub/sub channels, so channels are
 * prefixed here: with one prefix per test file, parallel tests share a server without seeing
 * each other. A connection in subscriber mode cannot run other commands, so pub/sub gets a
 * second connection, opened on the first subscribe(); ioredis re-subscribes it after reconnects.
 */
export function createRedisKv(options: RedisKvOptions): Kv {
  const { logger } = options;
  const prefix = options.keyPrefix ?? '';
  // A few retries, not ioredis's 20: during an outage callers should fail fast, not hang.
  const client = new Redis(options.url, { keyPrefix: prefix, retryStrategy, maxRetriesPerRequest: 3 });
  client.on('error', (err) => logger?.warn({ err }, 'redis connection error'));
  const channels = new Map<string, Channel>();
  let subscriber: Redis | undefined;

  const subscriberConnection = (): Redis => {
    if (subscriber) return subscriber;
    subscriber = new Redis(options.url, { retryStrategy, maxRetriesPerRequest: 3 });
    subscriber.on('error', (err) => logger?.warn({ err }, 'redis subscriber connection error'));
    subscriber.on('message', (channel: string, message: string) => {
      for (const handler of channels.get(channel)?.handlers ?? []) {
        try {
          handler(message);
        } catch (err) {
          logger?.error({ err, channel }, 'kv subscriber threw');
        }
      }
    });
    return subscriber;
  };

  const set = (key: string, value: string, { ttlSeconds, onlyIfAbsent }: SetOptions) => {
    // PX (milliseconds) so fractional TTLs work as they do in memory.
    const ttlMs = ttlSeconds === undefined ? undefined : Math.max(1, Math.round(ttlSeconds * 1_000));
    if (ttlMs !== undefined && onlyIfAbsent) return client.set(key, value, 'PX', ttlMs, 'NX');
    if (ttlMs !== undefined) return client.set(key, value, 'PX', ttlMs);
    if (onlyIfAbsent) return client.set(key, value, 'NX');
    return client.set(key, value);
  };

  const quit = async (connection: Redis | undefined) => {
    if (!connection) return;
    if (connection.status === 'ready') await connection.quit().catch(() => connection.disconnect());
    else connection.disconnect();
  };

  return {
    kind: 'redis',
    get: (key) => client.get(key),
    set: async (key, value, setOptions = {}) => (await set(key, value, setOptions)) === 'OK',
    del: (...keys) => (keys.length === 0 ? Promise.resolve(0) : client.del(...keys)),
    incr: (key) => client.incr(key),
    expire: async (key, ttlSeconds) => (await client.pexpire(key, Math.round(ttlSeconds * 1_000))) === 1,
    ttl: (key) => client.ttl(key),
    hget: (key, field) => client.hget(key, field),
    async hset(key, values) {
      if (Object.keys(values).length > 0) await client.hset(key, values);
    },
    hdel: (key, ...fields) => (fields.length === 0 ? Promise.resolve(0) : client.hdel(key, ...fields)),
    hgetall: (key) => client.hgetall(key),
    async publish(channel, message) {
      await client.publish(prefix + channel, message);
    },
    async subscribe(channel, handler) {
      const name = prefix + channel;
      let entry = channels.get(name);
      if (!entry) {
        entry = { handlers: new Set(), subscribed: subscriberConnection().subscribe(name) };
        channels.set(name, entry);
      }
      const subscription: Handler = (message) => handler(message);
      entry.handlers.add(subscription);
      try {
        await entry.subscribed;
      } catch (err) {
        entry.handlers.delete(subscription);
        if (entry.handlers.size === 0 && channels.get(name) === entry) channels.delete(name);
        throw err;
      }
      const current = entry;
      return async () => {
        current.handlers.delete(subscription);
        if (current.handlers.size > 0 || channels.get(name) !== current) return;
        channels.delete(name);
        await subscriber?.unsubscribe(name).catch(() => {});
      };
    },
    async ping() {
      await withTimeout(client.ping(), options.pingTimeoutMs ?? 2_000, 'redis ping');
    },
    async close() {
      channels.clear();
      await Promise.all([quit(client), quit(subscriber)]);
    },
  };
}
