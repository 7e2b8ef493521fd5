import type { Kv } from '@turumba/platform/kv';

/*
 * Accounts whose queue may hold conversations the drain can assign, so the per-minute drain (for
 * working hours starting, stale snapshots refreshing) visits only those instead of scanning every
 * conversation. Routing marks an account when it queues something; a drain that finds nothing
 * left to assign unmarks it. Seeded from the database once at start-up (the KV may be in memory).
 */

const KEY = 'messaging:queue:waiting-accounts';

export async function markAccountWaiting(kv: Kv, accountId: string): Promise<void> {
  await kv.hset(KEY, { [accountId]: '1' });
}

export async function unmarkAccountWaiting(kv: Kv, accountId: string): Promise<void> {
  await kv.hdel(KEY, accountId);
}

export async function waitingAccounts(kv: Kv): Promise<string[]> {
  return Object.keys(await kv.hgetall(KEY));
}
