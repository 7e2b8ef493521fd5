import { describe, expect, it } from 'vitest';
import { signGatewayRequest, verifyGatewaySignature } from './gateway-signature';

const secret = 'a-shared-secret-of-enough-length';
const base = {
  method: 'GET',
  url: '/v1/conversations?status=open',
  headers: { 'x-user-id': 'u1', 'x-account-ids': 'a1,a2', 'x-role-ids': 'r1' },
};

function signed(timestamp: number, overrides: Partial<typeof base> = {}) {
  const request = { ...base, ...overrides, timestamp };
  return {
    'x-gateway-signature': signGatewayRequest(request, secret),
    'x-gateway-timestamp': String(timestamp),
  };
}

describe('gateway signature', () => {
  it('accepts a fresh signature over the same request', () => {
    expect(verifyGatewaySignature(base, signed(1000), secret, 1010)).toEqual({ ok: true });
  });

  it.each([
    ['a forged account list', { headers: { ...base.headers, 'x-account-ids': 'a1,a2,a3' } }],
    ['another path', { url: '/v1/conversations' }],
    ['another method', { method: 'DELETE' }],
  ])('rejects %s', (_name, change) => {
    expect(verifyGatewaySignature({ ...base, ...change }, signed(1000), secret, 1000).ok).toBe(false);
  });

  it('rejects a stale or future timestamp', () => {
    expect(verifyGatewaySignature(base, signed(1000), secret, 1061)).toEqual({
      ok: false,
      reason: 'stale gateway signature',
    });
    expect(verifyGatewaySignature(base, signed(1100), secret, 1000).ok).toBe(false);
  });

  it('rejects a missing signature, a wrong secret and garbage', () => {
    expect(verifyGatewaySignature(base, {}, secret, 1000).ok).toBe(false);
    expect(verifyGatewaySignature(base, signed(1000), 'another-secret-entirely', 1000).ok).toBe(false);
    const garbage = { 'x-gateway-signature': 'zz', 'x-gateway-timestamp': '1000' };
    expect(verifyGatewaySignature(base, garbage, secret, 1000).ok).toBe(false);
  });
});
