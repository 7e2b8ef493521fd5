import { EventEnvelope } from '@turumba/contracts';
import type { EventBus } from '@turumba/platform/bus';
import type { Db } from '@turumba/platform/db';
import type { Kv } from '@turumba/platform/kv';
import type { Logger } from '@turumba/platform/logger';
import type { Worker } from '../module-deps';
import type { QueueDrain } from './drain';
import { queueRepo } from './repo';
import type { QueueSnapshots } from './snapshots';
import { capacityEventPatterns, freesCapacity } from './triggers';
import { markAccountWaiting, waitingAccounts } from './waiting-accounts';

export const QUEUE_DRAIN_QUEUE = 'messaging.queue-drain';

export interface DrainWorkerDeps {
  bus: EventBus;
  db: Db;
  kv: Kv;
  logger: Logger;
  drain: QueueDrain;
  queueSnapshots: Pick<QueueSnapshots, 'touch' | 'flush'>;
}

/**
 * Drains an account's queue when a conversation frees an agent (resolved, closed, unassigned,
 * reassigned), and every `intervalMs` for every account with waiting conversations: working hours
 * start, and snapshots taken while the Account API was down get refreshed. At start it also writes
 * the queue snapshot of every account with someone waiting, one account at a time in the
 * background: a snapshot is written after the change it reports commits (queue/snapshots.ts), so
 * one may have been lost with a process that stopped in between.
 */
export async function startQueueDrainWorker(
  deps: DrainWorkerDeps,
  options: { queue?: string; maxAttempts?: number; intervalMs?: number } = {},
): Promise<Worker> {
  const subscription = await deps.bus.subscribe(
    {
      queue: options.queue ?? QUEUE_DRAIN_QUEUE,
      patterns: capacityEventPatterns,
      maxAttempts: options.maxAttempts,
    },
    async (delivery) => {
      const envelope = EventEnvelope.parse(delivery.payload);
      if (!envelope.account_id || !freesCapacity(envelope.event_type, envelope.data)) return;
      await deps.drain.drain(envelope.account_id);
    },
  );
  const queued = await queueRepo(deps.db).accountsQueued();
  for (const { accountId, routable } of queued) if (routable) await markAccountWaiting(deps.kv, accountId);
  let stopping = false;
  const announced = (async () => {
    for (const { accountId } of queued) {
      if (stopping) return;
      deps.queueSnapshots.touch(accountId);
      await deps.queueSnapshots.flush();
    }
  })().catch((err) => deps.logger.warn({ err }, 'queue snapshots at start failed'));

  const intervalMs = options.intervalMs ?? 60_000;
  let running: Promise<void> | undefined;
  const tick = async () => {
    for (const accountId of await waitingAccounts(deps.kv)) await deps.drain.drain(accountId);
  };
  const timer =
    intervalMs > 0
      ? setInterval(() => {
          running ??= tick()
            .catch((err) => deps.logger.warn({ err }, 'periodic queue drain failed'))
            .finally(() => {
              running = undefined;
            });
        }, intervalMs)
      : undefined;
  timer?.unref();
  return {
    name: 'queue drain',
    async stop() {
      stopping = true;
      clearInterval(timer);
      await subscription.close();
      await running;
      await announced;
    },
  };
}
