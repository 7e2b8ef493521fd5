import { describe, expect, it } from 'vitest';
import { createGroupBatcher } from './group-batcher';

describe('createGroupBatcher', () => {
  it('runs an item alone when idle, groups the backlog, and keeps at most maxConcurrent batches running', async () => {
    const batches: number[][] = [];
    let running = 0;
    let most = 0;
    const batcher = createGroupBatcher(
      async (items: number[]) => {
        batches.push(items);
        most = Math.max(most, ++running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        running--;
        return items.map((value) => ({ status: 'fulfilled' as const, value: value * 10 }));
      },
      { maxBatch: 4, maxConcurrent: 2 },
    );
    const results = await Promise.all(Array.from({ length: 11 }, (_, i) => batcher.submit(i)));
    expect(results).toEqual(Array.from({ length: 11 }, (_, i) => i * 10));
    expect(batches[0]).toEqual([0]);
    expect(batches[1]).toEqual([1]);
    expect(batches.slice(2).every((b) => b.length <= 4)).toBe(true);
    expect(batches.flat()).toEqual(Array.from({ length: 11 }, (_, i) => i));
    expect(most).toBe(2);
  });

  it('settles each item on its own, and rejects a whole batch when the run itself fails', async () => {
    const batcher = createGroupBatcher(
      async (items: string[]) => {
        if (items.includes('boom')) throw new Error('run failed');
        return items.map((item) =>
          item === 'bad'
            ? { status: 'rejected' as const, reason: new Error(`no ${item}`) }
            : { status: 'fulfilled' as const, value: item.toUpperCase() },
        );
      },
      { maxBatch: 10, maxConcurrent: 1 },
    );
    const [good, bad] = await Promise.allSettled([batcher.submit('ok'), batcher.submit('bad')]);
    expect(good).toEqual({ status: 'fulfilled', value: 'OK' });
    expect(bad).toMatchObject({ status: 'rejected', reason: new Error('no bad') });
    await expect(batcher.submit('boom')).rejects.toThrow('run failed');
  });
});
