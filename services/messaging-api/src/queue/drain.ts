import type { Db } from '@turumba/platform/db';
import type { Kv } from '@turumba/platform/kv';
import type { Logger } from '@turumba/platform/logger';
import { routingContextOf } from '../routing/plan';
import type { RoutingService } from '../routing/service';
import { queueRepo } from './repo';
import type { QueueSnapshots } from './snapshots';
import { markAccountWaiting, unmarkAccountWaiting } from './waiting-accounts';

/*
 * Gives waiting conversations to agents who have room, in queue order (priority, then waiting
 * time), whenever capacity may have freed up. One drain per account runs at a time across every
 * instance (a KV lock); a trigger that arrives meanwhile sets a "again" flag and the running drain
 * makes one more pass, so no trigger is lost and none piles up. Within a pass, a target (team,
 * channel, topic, language) that found nobody is not retried for the conversations behind it.
 */

export interface DrainDeps {
  db: Db;
  kv: Kv;
  logger: Logger;
  clock: () => Date;
  routing: Pick<RoutingService, 'assignWaiting'>;
  /** Told when a pass assigned conversations (the queue's positions moved). */
  queueSnapshots: Pick<QueueSnapshots, 'touch'>;
  /** Conversations looked at per pass. */
  batch?: number;
}

const lockKey = (accountId: string) => `messaging:queue:drain-lock:${accountId}`;
const againKey = (accountId: string) => `messaging:queue:drain-again:${accountId}`;
const LOCK_SECONDS = 60;

export function createQueueDrain(deps: DrainDeps) {
  const batch = deps.batch ?? 500;

  async function pass(accountId: string): Promise<number> {
    // Unmark before reading: a conversation queued meanwhile marks the account again after its commit.
    await unmarkAccountWaiting(deps.kv, accountId);
    const waiting = await queueRepo(deps.db).routable(accountId, batch);
    if (waiting.length === 0) return 0;
    await markAccountWaiting(deps.kv, accountId);
    const exhausted = new Set<string>();
    let assigned = 0;
    for (const row of waiting) {
      const routing = routingContextOf(row);
      const target = JSON.stringify([
        row.teamId,
        row.channelType,
        routing?.topic ?? null,
        routing?.language ?? null,
      ]);
      if (exhausted.has(target)) continue;
      const result = await deps.routing.assignWaiting(row);
      if (result.outcome === 'assigned') assigned++;
      else if (result.outcome === 'skipped' && result.reason === 'no_capacity') exhausted.add(target);
    }
    if (assigned > 0) deps.queueSnapshots.touch(accountId);
    return assigned;
  }

  return {
    /** Drains the account's queue; returns how many conversations were assigned (0 when another drain runs). */
    async drain(accountId: string): Promise<number> {
      let assigned = 0;
      for (;;) {
        if (!(await deps.kv.set(lockKey(accountId), '1', { onlyIfAbsent: true, ttlSeconds: LOCK_SECONDS }))) {
          await deps.kv.set(againKey(accountId), '1', { ttlSeconds: LOCK_SECONDS });
          return assigned;
        }
        try {
          do {
            await deps.kv.del(againKey(accountId));
            await deps.kv.expire(lockKey(accountId), LOCK_SECONDS);
            assigned += await pass(accountId);
          } while ((await deps.kv.get(againKey(accountId))) !== null);
        } finally {
          await deps.kv.del(lockKey(accountId));
        }
        // A trigger between the last look and the unlock found the lock still held: take it up.
        if ((await deps.kv.get(againKey(accountId))) === null) return assigned;
      }
    },
  };
}
export type QueueDrain = ReturnType<typeof createQueueDrain>;
