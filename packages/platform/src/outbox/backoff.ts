export interface BackoffOptions {
  initialBackoffMs: number;
  maxBackoffMs: number;
}

/**
 * Delay before the next publish attempt of an event that has failed `attempts` times (>= 1):
 * doubling from initialBackoffMs, capped at maxBackoffMs so a long broker outage is retried
 * at a steady pace once it ends.
 */
export function backoffDelayMs(attempts: number, { initialBackoffMs, maxBackoffMs }: BackoffOptions): number {
  const exponent = Math.max(0, attempts - 1);
  // Cap the exponent too, so 2 ** exponent never overflows to Infinity.
  return Math.min(maxBackoffMs, initialBackoffMs * 2 ** Math.min(exponent, 30));
}
