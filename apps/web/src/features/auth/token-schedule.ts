/** A token pair as `POST /v1/auth/login` and `/v1/auth/refresh` return it (ARCHITECTURE.md §4). */
export interface TokenPair {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  token_type?: string;
}

/** What the browser keeps: the pair and the absolute expiry of the access token (epoch ms). */
export interface StoredTokens {
  access_token: string;
  refresh_token: string;
  expires_at: number;
}

/** Claims of a JWT, unverified (the server verifies; the UI only reads `sub`, `exp`, `name`). */
export function decodeJwtClaims(token: string): Record<string, unknown> | null {
  const part = token.split('.')[1];
  if (!part) return null;
  try {
    const base64 = part.replace(/-/g, '+').replace(/_/g, '/');
    const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4);
    const json = decodeURIComponent(
      Array.from(atob(padded), (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join(''),
    );
    const claims: unknown = JSON.parse(json);
    return claims && typeof claims === 'object' ? (claims as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The absolute expiry: `expires_in` from the response, or the token's own `exp` when it is earlier. */
export function toStoredTokens(pair: TokenPair, now: number): StoredTokens {
  let expiresAt = now + Math.max(0, pair.expires_in) * 1000;
  const exp = decodeJwtClaims(pair.access_token)?.exp;
  if (typeof exp === 'number' && exp * 1000 < expiresAt) expiresAt = exp * 1000;
  return { access_token: pair.access_token, refresh_token: pair.refresh_token, expires_at: expiresAt };
}

const MIN_LEAD_MS = 5_000;
const MAX_LEAD_MS = 60_000;

/**
 * How long to wait before refreshing: a lead of a fifth of the remaining lifetime, between 5 s
 * and 60 s, before expiry; zero when that moment has passed (refresh now).
 */
export function refreshDelayMs(expiresAt: number, now: number): number {
  const remaining = expiresAt - now;
  if (remaining <= 0) return 0;
  const lead = Math.min(MAX_LEAD_MS, Math.max(MIN_LEAD_MS, remaining / 5));
  return Math.max(0, Math.floor(remaining - lead));
}

/** After a failed refresh that may be transient (network, 5xx): retry with capped backoff. */
export function retryDelayMs(attempt: number): number {
  return Math.min(60_000, 2_000 * 2 ** Math.max(0, attempt));
}

export const isExpired = (tokens: StoredTokens, now: number, skewMs = 5_000) =>
  tokens.expires_at - skewMs <= now;
