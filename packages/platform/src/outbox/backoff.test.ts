import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from './backoff';

describe('backoffDelayMs', () => {
  const options = { initialBackoffMs: 1_000, maxBackoffMs: 60_000 };

  it.each([
    [1, 1_000],
    [2, 2_000],
    [3, 4_000],
    [6, 32_000],
    [7, 60_000],
    [1_000, 60_000],
  ])('waits %i failed attempts → %i ms, doubling up to the cap', (attempts, expected) => {
    expect(backoffDelayMs(attempts, options)).toBe(expected);
  });
});
