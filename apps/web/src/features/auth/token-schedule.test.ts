import { describe, expect, it } from 'vitest';
import { decodeJwtClaims, isExpired, refreshDelayMs, retryDelayMs, toStoredTokens } from './token-schedule';

const jwt = (claims: object) => `h.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.s`;

describe('refreshDelayMs', () => {
  it('refreshes a 15-minute token one minute before it expires', () => {
    expect(refreshDelayMs(900_000, 0)).toBe(840_000);
  });

  it('uses a fifth of the remaining time as lead for short tokens, at least 5 s', () => {
    expect(refreshDelayMs(100_000, 0)).toBe(80_000);
    expect(refreshDelayMs(10_000, 0)).toBe(5_000);
  });

  it('refreshes at once when the token is about to expire or already has', () => {
    expect(refreshDelayMs(3_000, 0)).toBe(0);
    expect(refreshDelayMs(1_000, 5_000)).toBe(0);
  });
});

describe('toStoredTokens', () => {
  it('turns expires_in into an absolute expiry', () => {
    const stored = toStoredTokens({ access_token: 'opaque', refresh_token: 'r', expires_in: 900 }, 1_000);
    expect(stored).toEqual({ access_token: 'opaque', refresh_token: 'r', expires_at: 901_000 });
  });

  it('trusts the token’s own exp when it is earlier than expires_in says', () => {
    const stored = toStoredTokens(
      { access_token: jwt({ exp: 600 }), refresh_token: 'r', expires_in: 900 },
      0,
    );
    expect(stored.expires_at).toBe(600_000);
  });
});

describe('decodeJwtClaims', () => {
  it('reads the payload of a JWT, including non-ASCII names', () => {
    expect(decodeJwtClaims(jwt({ sub: 'u1', name: 'Ābebe Bikila' }))).toEqual({
      sub: 'u1',
      name: 'Ābebe Bikila',
    });
  });

  it('answers null for anything that is not a JWT', () => {
    expect(decodeJwtClaims('not-a-token')).toBeNull();
    expect(decodeJwtClaims('a.%%%.c')).toBeNull();
  });
});

describe('retry and expiry', () => {
  it('backs off exponentially up to a minute', () => {
    expect([0, 1, 2, 10].map(retryDelayMs)).toEqual([2_000, 4_000, 8_000, 60_000]);
  });

  it('counts a token as expired a few seconds early', () => {
    const tokens = { access_token: 'a', refresh_token: 'r', expires_at: 10_000 };
    expect(isExpired(tokens, 4_000)).toBe(false);
    expect(isExpired(tokens, 6_000)).toBe(true);
  });
});
