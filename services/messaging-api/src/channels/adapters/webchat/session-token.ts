import { hmac, safeEqual } from '../shared/crypto';

/**
 * Visitor session tokens: compact HS256 JWTs (RFC 7519) signed with the channel's generated
 * `session_secret`, scoped to one channel (`aud`) and one visitor (`sub`), with an expiry.
 * Built on node:crypto; any JWT library (jose) can verify them.
 */
export const WEBCHAT_ISSUER = 'turumba:webchat';
export const WEBCHAT_TOKEN_TTL_SECONDS = 24 * 60 * 60;
const CLOCK_SKEW_SECONDS = 60;

const b64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');
const HEADER = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

export interface WebchatTokenScope {
  secret: string;
  channelId: string;
  now: Date;
}

export function issueWebchatToken(
  scope: WebchatTokenScope & { visitorId: string; ttlSeconds?: number },
): string {
  const iat = Math.floor(scope.now.getTime() / 1000);
  const exp = iat + (scope.ttlSeconds ?? WEBCHAT_TOKEN_TTL_SECONDS);
  const payload = b64url(
    JSON.stringify({ iss: WEBCHAT_ISSUER, aud: scope.channelId, sub: scope.visitorId, iat, exp }),
  );
  const signature = hmac('sha256', scope.secret, `${HEADER}.${payload}`).toString('base64url');
  return `${HEADER}.${payload}.${signature}`;
}

export type WebchatTokenCheck = { ok: true; visitorId: string } | { ok: false; reason: string };

function decode(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The channel a token names (`aud`), read WITHOUT checking the signature: only to find the
 * channel whose secret then verifies it (verifyWebchatToken). Never trust anything else from it.
 */
export function claimedWebchatChannel(token: string): string | undefined {
  const body = token.split('.')[1];
  const aud = body ? decode(body)?.aud : undefined;
  return typeof aud === 'string' && aud.length <= 100 ? aud : undefined;
}

export function verifyWebchatToken(token: string, scope: WebchatTokenScope): WebchatTokenCheck {
  const [head, body, signature, ...rest] = token.split('.');
  if (!head || !body || !signature || rest.length) return { ok: false, reason: 'malformed session token' };
  // Only HS256: never let the token choose its algorithm ("none", or RS256 with our secret as key).
  if (decode(head)?.alg !== 'HS256') return { ok: false, reason: 'unsupported token algorithm' };
  const expected = hmac('sha256', scope.secret, `${head}.${body}`).toString('base64url');
  if (!safeEqual(signature, expected)) return { ok: false, reason: 'session token signature mismatch' };
  const claims = decode(body);
  const now = scope.now.getTime() / 1000;
  if (!claims || claims.iss !== WEBCHAT_ISSUER) return { ok: false, reason: 'session token issuer mismatch' };
  if (claims.aud !== scope.channelId) return { ok: false, reason: 'session token is for another channel' };
  if (typeof claims.sub !== 'string' || !claims.sub)
    return { ok: false, reason: 'session token has no visitor' };
  if (typeof claims.exp !== 'number' || claims.exp <= now)
    return { ok: false, reason: 'session token expired' };
  if (typeof claims.iat === 'number' && claims.iat > now + CLOCK_SKEW_SECONDS) {
    return { ok: false, reason: 'session token issued in the future' };
  }
  return { ok: true, visitorId: claims.sub };
}
