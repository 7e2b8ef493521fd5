import { createHmac, timingSafeEqual } from 'node:crypto';

/** Identity headers only the gateway may set; it strips client-sent copies (ARCHITECTURE.md §4). */
export const identityHeaders = ['x-user-id', 'x-account-ids', 'x-role-ids', 'x-account-roles'] as const;
export const signatureHeader = 'x-gateway-signature';
export const timestampHeader = 'x-gateway-timestamp';

export interface SignedRequest {
  method: string;
  /** Path and query exactly as forwarded. */
  url: string;
  headers: Partial<Record<(typeof identityHeaders)[number], string>>;
  /** Unix seconds. */
  timestamp: number;
}

function canonical(request: SignedRequest): string {
  const values = identityHeaders.map((name) => request.headers[name] ?? '');
  return [request.method.toUpperCase(), request.url, ...values, String(request.timestamp)].join('\n');
}

/** HMAC-SHA256 over method, path, the identity headers and a timestamp. */
export function signGatewayRequest(request: SignedRequest, secret: string): string {
  return createHmac('sha256', secret).update(canonical(request)).digest('hex');
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

/** Checks a forwarded request's signature and freshness (default ±60 s). */
export function verifyGatewaySignature(
  request: Omit<SignedRequest, 'timestamp'>,
  rawHeaders: Record<string, string | string[] | undefined>,
  secret: string,
  nowSeconds: number,
  maxSkewSeconds = 60,
): SignatureCheck {
  const signature = rawHeaders[signatureHeader];
  const timestampRaw = rawHeaders[timestampHeader];
  if (typeof signature !== 'string' || typeof timestampRaw !== 'string') {
    return { ok: false, reason: 'missing gateway signature' };
  }
  const timestamp = Number(timestampRaw);
  if (!Number.isInteger(timestamp) || Math.abs(nowSeconds - timestamp) > maxSkewSeconds) {
    return { ok: false, reason: 'stale gateway signature' };
  }
  const expected = Buffer.from(signGatewayRequest({ ...request, timestamp }, secret), 'hex');
  const given = Buffer.from(signature, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'bad gateway signature' };
  }
  return { ok: true };
}
