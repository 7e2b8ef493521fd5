import type { Logger } from '../logger';
import { createMemoryKv } from './memory';
import { createRedisKv } from './redis';
import type { Kv } from './types';

export { createMemoryKv, type MemoryKvOptions } from './memory';
export { createRedisKv, type RedisKvOptions } from './redis';
export type { Kv, SetOptions, Unsubscribe } from './types';

export interface KvOptions {
  /** Redis URL; without it the store is in memory (embedded mode). */
  url?: string;
  /** Prepended to every key and pub/sub channel, e.g. one per test file to isolate them. */
  keyPrefix?: string;
  logger?: Logger;
}

/**
 * Redis when `url` is set, in-memory otherwise. Returns at once: the Redis connection is made in
 * the background (and retried), so start-up does not fail while Redis is down; ping() tells.
 */
export function createKv(options: KvOptions = {}): Kv {
  const { url, ...rest } = options;
  return url ? createRedisKv({ url, ...rest }) : createMemoryKv(rest);
}
