/** Key-value store: Redis (ioredis) when REDIS_URL is set, in-memory otherwise. */
export interface SetOptions {
  ttlSeconds?: number;
  /** Only set when the key does not exist; `set` then returns false if it did. */
  onlyIfAbsent?: boolean;
}

export type Unsubscribe = () => Promise<void>;

export interface Kv {
  readonly kind: 'redis' | 'memory';
  get(key: string): Promise<string | null>;
  /** Returns whether the value was written. */
  set(key: string, value: string, options?: SetOptions): Promise<boolean>;
  del(...keys: string[]): Promise<number>;
  incr(key: string): Promise<number>;
  /** Sets a TTL on an existing key; false when the key does not exist. */
  expire(key: string, ttlSeconds: number): Promise<boolean>;
  /** Remaining TTL in seconds; -1 without TTL, -2 when missing. */
  ttl(key: string): Promise<number>;
  hget(key: string, field: string): Promise<string | null>;
  hset(key: string, values: Record<string, string>): Promise<void>;
  hdel(key: string, ...fields: string[]): Promise<number>;
  hgetall(key: string): Promise<Record<string, string>>;
  publish(channel: string, message: string): Promise<void>;
  subscribe(channel: string, handler: (message: string) => void): Promise<Unsubscribe>;
  /** Throws when the store is unreachable (for /ready). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
