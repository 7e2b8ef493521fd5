import type { EligibleAgent } from '@turumba/contracts';
import type { Kv } from '@turumba/platform/kv';
import type { Logger } from '@turumba/platform/logger';
import type { EligibleAgentsSource } from './eligible-agents-client';

/*
 * The last eligible-agents snapshot per account and team, in the KV (shared by every instance),
 * plus a per-account version. A snapshot is fresh while its version is current and it is younger
 * than `freshForMs` (working hours move on by themselves); `agent.preference.updated` and presence
 * events bump the version. A stale snapshot is refreshed from the Account API; when that fails the
 * stale one is still used (the last known state beats no routing), and with none at all the
 * answer is null: the conversation waits in the queue, it is never lost or failed.
 */

export interface Snapshot {
  agents: EligibleAgent[];
  fetchedAt: string;
  isStale: boolean;
}

const hashKey = (accountId: string) => `messaging:routing:eligible:${accountId}`;
const versionKey = (accountId: string) => `messaging:routing:eligible-version:${accountId}`;

export interface EligibleCacheOptions {
  kv: Kv;
  source: EligibleAgentsSource;
  logger: Logger;
  clock: () => Date;
  freshForMs?: number;
}

interface Stored {
  version: string;
  fetched_at: string;
  agents: EligibleAgent[];
}

export function createEligibleCache(options: EligibleCacheOptions) {
  const freshForMs = options.freshForMs ?? 30_000;
  const inFlight = new Map<string, Promise<Snapshot | null>>();

  async function refresh(accountId: string, field: string, teamId: string | null): Promise<Snapshot | null> {
    const [version, raw] = await Promise.all([
      options.kv.get(versionKey(accountId)),
      options.kv.hget(hashKey(accountId), field),
    ]);
    const stored = raw ? (JSON.parse(raw) as Stored) : undefined;
    const now = options.clock();
    const age = stored ? now.getTime() - Date.parse(stored.fetched_at) : Number.POSITIVE_INFINITY;
    if (stored && stored.version === (version ?? '0') && age < freshForMs) {
      return { agents: stored.agents, fetchedAt: stored.fetched_at, isStale: false };
    }
    try {
      const fetched = await options.source({ accountId, teamId, at: now });
      const next: Stored = { version: version ?? '0', fetched_at: now.toISOString(), agents: fetched.agents };
      await options.kv.hset(hashKey(accountId), { [field]: JSON.stringify(next) });
      return { agents: next.agents, fetchedAt: next.fetched_at, isStale: false };
    } catch (err) {
      options.logger.warn({ err, accountId, teamId }, 'eligible agents unavailable; using the last snapshot');
      return stored ? { agents: stored.agents, fetchedAt: stored.fetched_at, isStale: true } : null;
    }
  }

  return {
    /** The eligible agents of the account (or team); null when none were ever known. */
    get(accountId: string, teamId: string | null): Promise<Snapshot | null> {
      const field = teamId ?? '*';
      const key = `${accountId}|${field}`;
      let pending = inFlight.get(key);
      if (!pending) {
        pending = refresh(accountId, field, teamId).finally(() => inFlight.delete(key));
        inFlight.set(key, pending);
      }
      return pending;
    },

    /** The account's snapshots are out of date (they stay usable as a fallback until replaced). */
    async invalidate(accountId: string): Promise<void> {
      await options.kv.incr(versionKey(accountId));
    },
  };
}
export type EligibleCache = ReturnType<typeof createEligibleCache>;
