import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Constant-time string equality. Both sides are hashed first so neither the content nor the
 * length of the expected secret leaks through timing.
 */
export function safeEqual(actual: string, expected: string): boolean {
  const a = createHash('sha256').update(actual, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b) && actual.length === expected.length;
}

export function hmac(
  algorithm: 'sha1' | 'sha256',
  key: string,
  data: string | Buffer | (string | Buffer)[],
): Buffer {
  const mac = createHmac(algorithm, key);
  for (const part of Array.isArray(data) ? data : [data]) mac.update(part);
  return mac.digest();
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
