import { gatewayHeaders } from '@turumba/platform/testing';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAccountApi, demoPassword } from '../test-support';

let api: Awaited<ReturnType<typeof createTestAccountApi>>;

beforeAll(async () => {
  api = await createTestAccountApi();
});
afterAll(() => api?.cleanup());

function login(email: string, password: string, clientIp = '198.51.100.1') {
  const url = '/v1/auth/login';
  return api.app.inject({
    method: 'POST',
    url,
    // The gateway forwards the client's address; the app trusts X-Forwarded-For.
    headers: { ...gatewayHeaders('POST', url), 'x-forwarded-for': clientIp },
    payload: { email, password },
  });
}

describe('POST /v1/auth/login', () => {
  it('returns an RS256 access token verifiable with the published JWKS, and a refresh token', async () => {
    const res = await login('Admin@Demo.Local', demoPassword);
    expect(res.statusCode).toBe(200);
    const { data } = res.json();
    expect(data).toMatchObject({ token_type: 'Bearer', expires_in: 900 });
    expect(data.refresh_token).toMatch(/^[\w-]{40,}$/);
    const jwks = (await api.app.inject('/.well-known/jwks.json')).json();
    expect(jwks.keys[0]).not.toHaveProperty('d');
    const { payload } = await jwtVerify(data.access_token, createLocalJWKSet(jwks), {
      issuer: 'turumba',
      audience: 'turumba-api',
      algorithms: ['RS256'],
    });
    expect(payload.email).toBe('admin@demo.local');
    expect(decodeProtectedHeader(data.access_token).kid).toBe(jwks.keys[0].kid);
  });

  it('answers a wrong password and an unknown email alike with 401', async () => {
    const wrong = await login('admin@demo.local', 'not-the-password');
    const unknown = await login('nobody@demo.local', demoPassword);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
  });

  it('answers a malformed body with 422 naming the fields', async () => {
    const url = '/v1/auth/login';
    const res = await api.app.inject({
      method: 'POST',
      url,
      headers: gatewayHeaders('POST', url),
      payload: { email: 'x' },
    });
    expect(res.statusCode).toBe(422);
    const fields = res
      .json()
      .details.errors.map((e: { field: string }) => e.field)
      .sort();
    expect(fields).toEqual(['body.email', 'body.password']);
  });

  it('refuses a request that did not come through the gateway', async () => {
    const res = await api.app.inject({
      method: 'POST',
      url: '/v1/auth/login',
      payload: { email: 'admin@demo.local', password: demoPassword },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().message).toContain('gateway signature');
  });

  describe('throttling', () => {
    it('answers 429 with Retry-After after 10 failures for one email from one IP, even with the right password', async () => {
      const ip = '203.0.113.10';
      for (let i = 0; i < 10; i++)
        expect((await login('agent1@demo.local', 'wrong-password', ip)).statusCode).toBe(401);
      const blocked = await login('agent1@demo.local', demoPassword, ip);
      expect(blocked.statusCode).toBe(429);
      expect(blocked.json()).toMatchObject({ success: false, error: 'rate_limited' });
      const retryAfter = Number(blocked.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    });

    it('keeps the same email from another IP, and another email from the same IP, signing in', async () => {
      const ip = '203.0.113.11';
      for (let i = 0; i < 11; i++) await login('agent2@demo.local', 'wrong-password', ip);
      expect((await login('agent2@demo.local', demoPassword, ip)).statusCode).toBe(429);
      expect((await login('agent2@demo.local', demoPassword, '203.0.113.12')).statusCode).toBe(200);
      expect((await login('admin@demo.local', demoPassword, ip)).statusCode).toBe(200);
    });

    it('forgets earlier failures after a successful sign-in', async () => {
      const ip = '203.0.113.13';
      for (let i = 0; i < 9; i++) await login('admin@demo.local', 'wrong-password', ip);
      expect((await login('admin@demo.local', demoPassword, ip)).statusCode).toBe(200);
      for (let i = 0; i < 9; i++)
        expect((await login('admin@demo.local', 'wrong-password', ip)).statusCode).toBe(401);
      expect((await login('admin@demo.local', demoPassword, ip)).statusCode).toBe(200);
    });
  });
});
