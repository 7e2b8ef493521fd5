import type { Db } from '@turumba/platform/db';
import type { Logger } from '@turumba/platform/logger';
import { recordQueueUpdate } from './events';

/*
 * `conversation.queue.updated` carries the whole head of an account's queue with positions, so
 * one written after a burst of changes says everything the burst's would have. Writing it inside
 * each routing transaction made every conversation joining a queue rank the account's whole queue
 * while it held that team's queue lock (~35 ms at 5,000 waiting: a burst of new customers while
 * every agent is full went through at ~25/s). Instead, whoever changes the queue touches the
 * account after committing, and the snapshot is written in a transaction of its own: at once when
 * the account had none in the last `intervalMs`, else once at the end of the interval for all the
 * touches in it. One snapshot per account at a time, so they commit in the order they were taken.
 * Each routed conversation's own event (`conversation.routed`) still carries its position.
 */

export interface QueueSnapshotsDeps {
  db: Db;
  logger: Logger;
  clock: () => Date;
  /** The shortest time between two snapshots of one account. Default 250 ms. */
  intervalMs?: number;
}

interface AccountState {
  /** A touch arrived that no snapshot taken (or started) since has seen. */
  dirty: boolean;
  /** The wait before the next snapshot may start (after one ran, the rest of the interval). */
  timer: NodeJS.Timeout | null;
  running: Promise<void> | null;
  lastStartedAt: number;
}

export function createQueueSnapshots(deps: QueueSnapshotsDeps) {
  const intervalMs = deps.intervalMs ?? 250;
  const accounts = new Map<string, AccountState>();
  let stopped = false;

  function wait(accountId: string, state: AccountState) {
    if (stopped) return;
    state.timer = setTimeout(
      () => {
        state.timer = null;
        if (state.dirty) void run(accountId, state);
        else accounts.delete(accountId);
      },
      Math.max(0, state.lastStartedAt + intervalMs - Date.now()),
    );
    state.timer.unref();
  }

  async function run(accountId: string, state: AccountState) {
    state.dirty = false;
    state.lastStartedAt = Date.now();
    state.running = deps.db
      .transaction((tx) => recordQueueUpdate(tx, accountId, deps.clock()))
      .catch((err) => {
        // Pending again: taken once the interval has passed, not left stale until the next change.
        state.dirty = true;
        deps.logger.warn({ err, accountId }, 'queue snapshot failed; retrying');
      });
    await state.running;
    state.running = null;
    wait(accountId, state);
  }

  return {
    /** The account's queue changed (call after the change committed). */
    touch(accountId: string): void {
      if (stopped) return;
      const state = accounts.get(accountId);
      if (state) {
        // A snapshot running or waiting out its interval takes this touch up when it is done.
        state.dirty = true;
        return;
      }
      const fresh: AccountState = { dirty: true, timer: null, running: null, lastStartedAt: 0 };
      accounts.set(accountId, fresh);
      void run(accountId, fresh);
    },

    /** Writes every pending snapshot now and waits for those running (shutdown, tests). */
    async flush(): Promise<void> {
      await Promise.all(
        [...accounts].map(async ([accountId, state]) => {
          await state.running;
          if (!state.dirty || !state.timer) return;
          clearTimeout(state.timer);
          state.timer = null;
          await run(accountId, state);
        }),
      );
    },

    /** Flushes, then stops taking touches. */
    async stop(): Promise<void> {
      await this.flush();
      stopped = true;
      for (const state of accounts.values()) if (state.timer) clearTimeout(state.timer);
      accounts.clear();
    },
  };
}
export type QueueSnapshots = ReturnType<typeof createQueueSnapshots>;
