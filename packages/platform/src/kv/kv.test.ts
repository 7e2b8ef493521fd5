import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../db/test-support';
import { createKv } from './index';
import type { Kv } from './types';

const redisUrl = process.env.REDIS_URL;
// One prefix per test file: parallel test files (and reruns) share the Redis server safely.
const filePrefix = `test:${randomUUID()}:`;
const backends: Array<'memory' | 'redis'> = redisUrl ? ['memory', 'redis'] : ['memory'];

// Leave nothing behind on the shared Redis server.
afterAll(async () => {
  if (!redisUrl) return;
  const raw = new Redis(redisUrl);
  const keys = await raw.keys(`${filePrefix}*`);
  if (keys.length > 0) await raw.del(...keys);
  await raw.quit();
});

function collect(kv: Kv, channel: string) {
  const messages: string[] = [];
  const unsubscribe = kv.subscribe(channel, (message) => messages.push(message));
  return { messages, unsubscribe };
}

describe.each(backends)('kv contract on %s', (backend) => {
  let kv: Kv;
  beforeAll(() => {
    kv = createKv({ url: backend === 'redis' ? redisUrl : undefined, keyPrefix: filePrefix });
  });
  afterAll(() => kv?.close());

  it('reports its kind', () => {
    expect(kv.kind).toBe(backend);
  });

  it('sets, gets and deletes string values', async () => {
    expect(await kv.get('missing')).toBeNull();
    expect(await kv.set('greeting', 'hello')).toBe(true);
    expect(await kv.get('greeting')).toBe('hello');
    expect(await kv.del('greeting', 'missing')).toBe(1);
    expect(await kv.get('greeting')).toBeNull();
  });

  it('writes with onlyIfAbsent only when the key does not exist', async () => {
    expect(await kv.set('lock', 'first', { onlyIfAbsent: true })).toBe(true);
    expect(await kv.set('lock', 'second', { onlyIfAbsent: true })).toBe(false);
    expect(await kv.get('lock')).toBe('first');
  });

  it('expires a value after its TTL', async () => {
    await kv.set('typing', '1', { ttlSeconds: 1 });
    expect(await kv.ttl('typing')).toBeGreaterThan(0);
    await waitFor(async () => (await kv.get('typing')) === null, { message: 'expiry' });
    expect(await kv.ttl('typing')).toBe(-2);
  });

  it('lets onlyIfAbsent write again once the previous value has expired', async () => {
    await kv.set('short-lock', 'a', { ttlSeconds: 1, onlyIfAbsent: true });
    await waitFor(() => kv.set('short-lock', 'b', { ttlSeconds: 10, onlyIfAbsent: true }), {
      message: 're-lock',
    });
    expect(await kv.get('short-lock')).toBe('b');
  });

  it('increments counters from zero and keeps their TTL', async () => {
    expect(await kv.incr('hits')).toBe(1);
    await kv.expire('hits', 60);
    expect(await kv.incr('hits')).toBe(2);
    expect(await kv.ttl('hits')).toBeGreaterThan(50);
  });

  it('rejects incr on a value that is not an integer', async () => {
    await kv.set('word', 'abc');
    await expect(kv.incr('word')).rejects.toThrow(/not an integer/);
  });

  it('reports TTLs: -2 for a missing key, -1 without TTL, seconds left otherwise', async () => {
    expect(await kv.ttl('nothing-here')).toBe(-2);
    await kv.set('forever', 'x');
    expect(await kv.ttl('forever')).toBe(-1);
    expect(await kv.expire('forever', 30)).toBe(true);
    expect(await kv.ttl('forever')).toBeGreaterThan(25);
    expect(await kv.expire('nothing-here', 30)).toBe(false);
    await kv.set('forever', 'y');
    expect(await kv.ttl('forever')).toBe(-1); // a plain set clears the TTL, as in Redis
  });

  it('stores, reads and deletes hash fields', async () => {
    expect(await kv.hgetall('presence')).toEqual({});
    await kv.hset('presence', { 'user-1': 'online', 'user-2': 'away' });
    await kv.hset('presence', { 'user-2': 'online' });
    expect(await kv.hget('presence', 'user-2')).toBe('online');
    expect(await kv.hget('presence', 'user-9')).toBeNull();
    expect(await kv.hgetall('presence')).toEqual({ 'user-1': 'online', 'user-2': 'online' });
    expect(await kv.hdel('presence', 'user-1', 'user-9')).toBe(1);
    expect(await kv.hdel('presence', 'user-2')).toBe(1);
    expect(await kv.ttl('presence')).toBe(-2); // an emptied hash is gone
  });

  it('expires a whole hash with expire()', async () => {
    await kv.hset('presence-ttl', { 'user-1': 'online' });
    await kv.expire('presence-ttl', 1);
    await waitFor(async () => Object.keys(await kv.hgetall('presence-ttl')).length === 0, {
      message: 'expiry',
    });
  });

  it('delivers published messages to every subscriber until it unsubscribes', async () => {
    const first = collect(kv, 'room');
    const second = collect(kv, 'room');
    const unsubscribeFirst = await first.unsubscribe;
    await second.unsubscribe;
    await kv.publish('room', 'one');
    await waitFor(() => first.messages.length === 1 && second.messages.length === 1, { message: 'delivery' });

    await unsubscribeFirst();
    await kv.publish('room', 'two');
    await waitFor(() => second.messages.length === 2, { message: 'second delivery' });
    expect(first.messages).toEqual(['one']);
    expect(second.messages).toEqual(['one', 'two']);
  });

  it('delivers messages asynchronously, not inside publish()', async () => {
    const received: string[] = [];
    await kv.subscribe('async-room', (message) => received.push(message));
    const publishing = kv.publish('async-room', 'later');
    expect(received).toEqual([]);
    await publishing;
    await waitFor(() => received.length === 1, { message: 'delivery' });
  });

  it('isolates keys and channels of different key prefixes', async () => {
    const other = createKv({
      url: backend === 'redis' ? redisUrl : undefined,
      keyPrefix: `${filePrefix}other:`,
    });
    try {
      await kv.set('shared-name', 'mine');
      expect(await other.get('shared-name')).toBeNull();
      const theirs: string[] = [];
      const mine = collect(kv, 'shared-channel');
      await mine.unsubscribe;
      await other.subscribe('shared-channel', (message) => theirs.push(message));
      await other.publish('shared-channel', 'for-other');
      await waitFor(() => theirs.length === 1, { message: 'delivery on the other prefix' });
      await kv.publish('shared-channel', 'for-mine');
      await waitFor(() => mine.messages.length === 1, { message: 'delivery on this prefix' });
      expect(mine.messages).toEqual(['for-mine']);
      expect(theirs).toEqual(['for-other']);
    } finally {
      await other.close();
    }
  });

  it('answers ping while reachable', async () => {
    await expect(kv.ping()).resolves.toBeUndefined();
  });
});

describe('redis kv without a server', () => {
  it('is created without throwing, and ping rejects', async () => {
    // Port 1 on loopback refuses connections at once; nothing leaves the machine.
    const kv = createKv({ url: 'redis://127.0.0.1:1' });
    await expect(kv.ping()).rejects.toThrow();
    await kv.close();
  });
});

describe.skipIf(!redisUrl)('redis kv key layout', () => {
  const raw = redisUrl ? new Redis(redisUrl) : undefined;
  afterAll(() => raw?.quit());

  it('stores keys under the prefix and publishes on the prefixed channel', async () => {
    const kv = createKv({ url: redisUrl, keyPrefix: filePrefix });
    try {
      await kv.set('visible', 'yes');
      expect(await raw?.get(`${filePrefix}visible`)).toBe('yes');
      const received: string[] = [];
      await kv.subscribe('chan', (message) => received.push(message));
      await raw?.publish(`${filePrefix}chan`, 'raw');
      await waitFor(() => received.length === 1, { message: 'delivery' });
    } finally {
      await kv.close();
    }
  });
});
