import { describe, expect, it } from 'vitest';
import { createTokenBucket } from './token-bucket';

function takes(bucket: ReturnType<typeof createTokenBucket>, at: number, count: number) {
  return Array.from({ length: count }, () => bucket.take(at)).filter(Boolean).length;
}

describe('token bucket', () => {
  it('allows a burst of `burst` events at once, then refuses', () => {
    const bucket = createTokenBucket(20);
    expect(takes(bucket, 0, 25)).toBe(20);
  });

  it('refills at `rate` a second, never above the burst', () => {
    const bucket = createTokenBucket(20);
    takes(bucket, 0, 20);
    expect(takes(bucket, 500, 20)).toBe(10);
    expect(takes(bucket, 60_000, 100)).toBe(20);
  });

  it('sustains exactly the rate when events are spread out', () => {
    const bucket = createTokenBucket(20);
    takes(bucket, 0, 20);
    let allowed = 0;
    for (let ms = 1; ms <= 10_000; ms += 10) allowed += takes(bucket, ms, 1);
    expect(allowed).toBeGreaterThanOrEqual(199);
    expect(allowed).toBeLessThanOrEqual(201);
  });
});
