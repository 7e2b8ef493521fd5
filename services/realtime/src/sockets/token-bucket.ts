/** `rate` tokens a second, at most `burst` saved up; `take` spends one if there is one. */
export function createTokenBucket(rate: number, burst = rate) {
  let tokens = burst;
  let last: number | undefined;
  return {
    take(nowMs: number): boolean {
      if (last !== undefined) tokens = Math.min(burst, tokens + ((nowMs - last) / 1000) * rate);
      last = nowMs;
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
  };
}
