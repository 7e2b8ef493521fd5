import { createHash } from 'node:crypto';
import { RateLimited, ServiceUnavailable } from '@turumba/platform/errors';
import type { Kv } from '@turumba/platform/kv';

export interface AttemptLimit {
  /** Kv key namespace, e.g. `login`. */
  name: string;
  /** Attempts allowed per window; the next one is 429 until the window ends. */
  max: number;
  windowSeconds: number;
}

/**
 * Fixed-window attempt counter in Kv (Redis when configured, so every replica shares it).
 * An attempt is counted before it is checked, so concurrent guesses cannot slip past the limit.
 */
export function createAttemptLimiter(kv: Kv, limit: AttemptLimit) {
  // Hashed so the keys hold no email addresses.
  const keyOf = (subject: string) =>
    `account:attempts:${limit.name}:${createHash('sha256').update(subject).digest('base64url')}`;

  async function count(key: string): Promise<number> {
    const attempts = await kv.incr(key);
    if (attempts === 1) await kv.expire(key, limit.windowSeconds);
    if (attempts <= limit.max) return attempts;
    let ttl = await kv.ttl(key);
    // A crash between INCR and EXPIRE would otherwise lock the subject out for good.
    if (ttl < 0) {
      await kv.expire(key, limit.windowSeconds);
      ttl = limit.windowSeconds;
    }
    throw new RateLimited(Math.max(1, ttl));
  }

  return {
    /** Counts one attempt; 429 with Retry-After once the subject is over the limit. */
    async attempt(subject: string): Promise<void> {
      try {
        await count(keyOf(subject));
      } catch (err) {
        if (err instanceof RateLimited) throw err;
        // Without the counter we cannot tell guessing from signing in: refuse rather than allow.
        throw new ServiceUnavailable('Sign-in is temporarily unavailable', 5);
      }
    },

    /** Forgets the subject's failures (after a successful sign-in). */
    async reset(subject: string): Promise<void> {
      await kv.del(keyOf(subject)).catch(() => {});
    },
  };
}
export type AttemptLimiter = ReturnType<typeof createAttemptLimiter>;
