/**
 * Group processing for work that is cheaper together (one transaction, one commit, one flush for
 * many items): an item submitted while `maxConcurrent` batches are in flight waits and goes with
 * the others in the next batch, at most `maxBatch` at a time, so under load one batch carries many
 * items, and with no backlog an item goes at once, alone (no added delay). `run` settles each item
 * of its batch on its own, so one item's failure is only that item's.
 */
export interface GroupBatcherOptions {
  maxBatch: number;
  maxConcurrent: number;
}

export function createGroupBatcher<T, R>(
  run: (items: T[]) => Promise<PromiseSettledResult<R>[]>,
  options: GroupBatcherOptions,
) {
  const waiting: { item: T; resolve(value: R): void; reject(err: unknown): void }[] = [];
  let inFlight = 0;

  function pump(): void {
    while (inFlight < options.maxConcurrent && waiting.length > 0) {
      const batch = waiting.splice(0, options.maxBatch);
      inFlight++;
      run(batch.map((b) => b.item))
        .then(
          (results) => {
            for (const [i, r] of results.entries()) {
              if (r.status === 'fulfilled') batch[i]!.resolve(r.value);
              else batch[i]!.reject(r.reason);
            }
          },
          (err) => {
            for (const b of batch) b.reject(err);
          },
        )
        .finally(() => {
          inFlight--;
          pump();
        });
    }
  }

  return {
    submit(item: T): Promise<R> {
      return new Promise<R>((resolve, reject) => {
        waiting.push({ item, resolve, reject });
        pump();
      });
    },
  };
}
