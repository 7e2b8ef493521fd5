/**
 * The servers the end-to-end bench runs on, isolated from everybody else's use of them:
 * fresh PostgreSQL databases, a RabbitMQ vhost of its own (the services' exchange and queue names
 * are fixed, so a vhost is the only way to keep them apart), an empty Redis logical database
 * (plus a key prefix for realtime). Everything created here is registered for cleanup.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { testDatabaseUrlFor } from '@turumba/platform/testing';
import { Redis } from 'ioredis';

const run = promisify(execFile);

export interface Cleanup {
  add(label: string, fn: () => Promise<unknown> | unknown): void;
  /** Runs every registered step once, newest first; errors are printed, not thrown. */
  runAll(): Promise<void>;
}

export function createCleanup(): Cleanup {
  const steps: Array<[string, () => Promise<unknown> | unknown]> = [];
  let running: Promise<void> | undefined;
  return {
    add: (label, fn) => void steps.push([label, fn]),
    runAll() {
      running ??= (async () => {
        while (steps.length > 0) {
          const [label, fn] = steps.pop()!;
          try {
            await fn();
          } catch (err) {
            console.error(`cleanup: ${label} failed: ${(err as Error).message}`);
          }
        }
      })();
      return running;
    },
  };
}

export function localOnly(url: string) {
  if (!['127.0.0.1', 'localhost'].includes(new URL(url).hostname)) throw new Error(`${url}: 127.0.0.1 only`);
}

/** Fresh databases on the TEST_DATABASE_URL server, dropped on cleanup. */
export async function freshDatabase(label: string, cleanup: Cleanup): Promise<string> {
  const fresh = await testDatabaseUrlFor(label);
  if (!fresh.url) throw new Error('TEST_DATABASE_URL is not set');
  cleanup.add(`drop database ${label}`, () => fresh.cleanup());
  return fresh.url;
}

async function rabbitmqctl(...args: string[]) {
  const { stdout } = await run('rabbitmqctl', ['-q', ...args], { timeout: 60_000 });
  return stdout;
}

/** A vhost of its own with guest's permissions; its URL. Deleted (queues and all) on cleanup. */
export async function freshVhost(baseUrl: string, cleanup: Cleanup): Promise<{ url: string; vhost: string }> {
  const vhost = `turumba-e2e-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  const user = decodeURIComponent(new URL(baseUrl).username || 'guest');
  await rabbitmqctl('add_vhost', vhost);
  cleanup.add(`delete vhost ${vhost}`, () => rabbitmqctl('delete_vhost', vhost));
  await rabbitmqctl('set_permissions', '-p', vhost, user, '.*', '.*', '.*');
  const url = new URL(baseUrl);
  url.pathname = `/${encodeURIComponent(vhost)}`;
  return { url: url.toString(), vhost };
}

/** Queue names of a vhost (asked once, after the services declared theirs). */
export async function listQueues(vhost: string): Promise<string[]> {
  const out = await rabbitmqctl('list_queues', '-p', vhost, 'name', '--no-table-headers');
  return out
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .sort();
}

/**
 * An empty logical Redis database (1–15) for the services that take no key prefix, flushed on
 * cleanup; realtime also gets a unique REDIS_KEY_PREFIX.
 */
export async function freshRedisDb(
  baseUrl: string,
  cleanup: Cleanup,
): Promise<{ url: string; prefix: string }> {
  const order = Array.from({ length: 15 }, (_, i) => i + 1).sort(() => Math.random() - 0.5);
  for (const db of order) {
    const url = new URL(baseUrl);
    url.pathname = `/${db}`;
    const redis = new Redis(url.toString(), { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
    const size = await redis.dbsize();
    if (size === 0) {
      // Claim it at once so a concurrent run picks another one.
      const claim = `turumba-e2e-claim:${process.pid}`;
      await redis.set(claim, '1');
      if ((await redis.dbsize()) === 1) {
        await redis.quit();
        cleanup.add(`flush redis db ${db}`, async () => {
          const client = new Redis(url.toString(), { maxRetriesPerRequest: 1 });
          await client.flushdb();
          await client.quit();
        });
        return { url: url.toString(), prefix: `e2e:${randomBytes(4).toString('hex')}:` };
      }
      await redis.del(claim);
    }
    await redis.quit();
  }
  throw new Error('no empty Redis logical database (1-15) to run on');
}
