import type { Kv } from '@turumba/platform/kv';
import type { BasicContext } from './dto';

/** A cache entry remembers the user's version it was computed under. */
interface Entry {
  version: string;
  context: BasicContext;
}

// Outlives every entry by far, so a version key that expires cannot be confused with one
// an entry still carries.
const versionTtlSeconds = 86_400;

const versionKey = (userId: string) => `account:ctx:version:${userId}`;
const entryKey = (userId: string) => `account:ctx:user:${userId}`;

export type CacheRead = { hit: true; context: BasicContext } | { hit: false; version: string };

/**
 * The per-user result of `/context/basic`, kept in Kv for a few seconds.
 *
 * Invalidation bumps a per-user version instead of deleting the entry: a reader that loaded
 * the memberships just before a change commits writes its (stale) entry under the old version,
 * which no later reader accepts. A plain delete would let that late write survive until the TTL.
 */
export function createMembershipCache(kv: Kv, ttlSeconds: number) {
  return {
    async read(userId: string): Promise<CacheRead> {
      const [version, raw] = await Promise.all([kv.get(versionKey(userId)), kv.get(entryKey(userId))]);
      const current = version ?? '0';
      if (raw) {
        const entry = JSON.parse(raw) as Entry;
        if (entry.version === current) return { hit: true, context: entry.context };
      }
      return { hit: false, version: current };
    },

    async write(userId: string, version: string, context: BasicContext): Promise<void> {
      if (ttlSeconds <= 0) return;
      const entry: Entry = { version, context };
      await kv.set(entryKey(userId), JSON.stringify(entry), { ttlSeconds });
    },

    /** Call after the transaction that changed these users' memberships or roles has committed. */
    async invalidate(userIds: Iterable<string>): Promise<void> {
      await Promise.all(
        [...new Set(userIds)].map(async (userId) => {
          await kv.incr(versionKey(userId));
          await kv.expire(versionKey(userId), versionTtlSeconds);
        }),
      );
    },
  };
}
export type MembershipCache = ReturnType<typeof createMembershipCache>;
