import type { Kv } from '@turumba/platform/kv';

export type RateDecision =
  | { allowed: true }
  | { allowed: false; retryAfterSeconds: number; retryAfterMs: number };

/**
 * A fixed-window counter in the KV (Redis or memory), shared by every replica: at most `limit`
 * hits per `windowSeconds` per key. One INCR per hit; the key expires by itself. A fixed window
 * lets a burst of up to 2×limit straddle a boundary, which is fine for abuse protection and for
 * staying under provider quotas that are themselves per-second or per-minute buckets.
 */
export async function takeRateToken(
  kv: Kv,
  key: string,
  limit: number,
  windowSeconds: number,
  now: Date,
): Promise<RateDecision> {
  const nowSeconds = now.getTime() / 1000;
  const window = Math.floor(nowSeconds / windowSeconds);
  const bucket = `ratelimit:${key}:${window}`;
  const count = await kv.incr(bucket);
  if (count === 1) await kv.expire(bucket, windowSeconds * 2);
  if (count <= limit) return { allowed: true };
  const retryAfterMs = Math.max(1, Math.ceil(((window + 1) * windowSeconds - nowSeconds) * 1000));
  return { allowed: false, retryAfterMs, retryAfterSeconds: Math.ceil(retryAfterMs / 1000) };
}
