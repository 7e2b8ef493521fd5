import type { Redis } from 'ioredis';
import type { LoggedEvent } from './delivery';
import type { EventLog, EventLogOptions } from './event-log';

/*
 * One round trip per event, atomic across instances: refuse a seen event id, INCR the account's
 * counter, append the entry (with its seq and time) to the account's list, trim it to the newest
 * `max`, and let an idle account's list expire with the window. The counter never expires.
 * KEYS: seen, seq, log. ARGV: deliveries JSON, now ms, max, window ms.
 */
const appendScript = `
if redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[4]) == false then return 0 end
local seq = redis.call('INCR', KEYS[2])
redis.call('RPUSH', KEYS[3], '{"seq":' .. seq .. ',"at":' .. ARGV[2] .. ',"deliveries":' .. ARGV[1] .. '}')
redis.call('LTRIM', KEYS[3], -tonumber(ARGV[3]), -1)
redis.call('PEXPIRE', KEYS[3], ARGV[4])
return seq
`;

type ScriptClient = Redis & {
  realtimeAppend(seen: string, seq: string, log: string, ...args: string[]): Promise<number>;
};

/** Keys: `{prefix}realtime:seq:{account}`, `{prefix}realtime:log:{account}`, `{prefix}realtime:seen:{event}`. */
export function createRedisEventLog(redis: Redis, prefix: string, options: EventLogOptions): EventLog {
  const now = options.now ?? Date.now;
  const client = redis as ScriptClient;
  if (typeof client.realtimeAppend !== 'function') {
    client.defineCommand('realtimeAppend', { numberOfKeys: 3, lua: appendScript });
  }
  const key = (kind: string, id: string) => `${prefix}realtime:${kind}:${id}`;

  return {
    async append(accountId, eventId, deliveries) {
      const seq = await client.realtimeAppend(
        key('seen', eventId),
        key('seq', accountId),
        key('log', accountId),
        JSON.stringify(deliveries),
        String(now()),
        String(options.maxEvents),
        String(options.windowMs),
      );
      return seq === 0 ? null : seq;
    },
    async read(accountId) {
      const [[, seq], [, entries]] = (await client
        .multi()
        .get(key('seq', accountId))
        .lrange(key('log', accountId), 0, -1)
        .exec()) as [[unknown, string | null], [unknown, string[]]];
      const events = entries.map((entry) => JSON.parse(entry) as LoggedEvent);
      return { lastSeq: Number(seq ?? 0), events };
    },
    async ping() {
      await client.ping();
    },
    async close() {},
  };
}
