import { verifyGatewaySignature } from '@turumba/platform/auth';
import type { HttpApp } from '@turumba/platform/http';
import { createSilentLogger } from '@turumba/platform/logger';
import { type FakeServer, startFakeServer } from '@turumba/platform/testing';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from './app';
import { loadConfig } from './config';
import { createDeps } from './deps';

const secret = 'gateway-test-secret-0123456789';
const userId = '11111111-1111-4111-8111-111111111111';
const accountId = '22222222-2222-4222-8222-222222222222';
const roleId = '33333333-3333-4333-8333-333333333333';
const forged = '99999999-9999-4999-8999-999999999999';

let accountApi: FakeServer;
let messagingApi: FakeServer;
let app: HttpApp;
let keys: Awaited<ReturnType<typeof generateKeyPair>>;

function token(key = keys.privateKey) {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
    .setIssuer('turumba')
    .setAudience('turumba-api')
    .setSubject(userId)
    .setExpirationTime('5m')
    .sign(key);
}

beforeAll(async () => {
  keys = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(keys.publicKey)), kid: 'k1', alg: 'RS256' };
  accountApi = await startFakeServer({
    'GET /.well-known/jwks.json': () => ({ body: { keys: [jwk] } }),
    'GET /context/basic': () => ({
      body: {
        success: true,
        data: {
          user_id: userId,
          account_ids: [accountId],
          role_ids: [roleId],
          accounts: [{ account_id: accountId, role: 'agent', role_id: roleId }],
        },
      },
    }),
    'POST /v1/auth/login': () => ({ body: { success: true, data: { access_token: 't' } } }),
    'GET /openapi.json': () => ({ body: { openapi: '3.1.0', paths: { '/v1/auth/login': { post: {} } } } }),
  });
  messagingApi = await startFakeServer({
    'GET /v1/conversations': () => ({
      body: { success: true, data: [], meta: { total: 0, skip: 0, limit: 100 } },
    }),
    'POST /v1/webhooks/telegram/abc': () => ({ body: { success: true, data: null, message: null } }),
    'GET /openapi.json': () => ({ body: { openapi: '3.1.0', paths: { '/v1/conversations': { get: {} } } } }),
  });
  const config = loadConfig({
    GATEWAY_SHARED_SECRET: secret,
    ACCOUNT_API_URL: accountApi.url,
    MESSAGING_API_URL: messagingApi.url,
    REALTIME_URL: 'http://127.0.0.1:9',
    WEB_DIST_DIR: '/nonexistent',
  });
  app = await buildApp(createDeps(config, { logger: createSilentLogger() }));
  await app.ready();
});

afterAll(async () => {
  await app?.close();
  await accountApi?.close();
  await messagingApi?.close();
});

beforeEach(() => {
  messagingApi.requests.length = 0;
});

describe('gateway forwarding', () => {
  it('forwards an authenticated request with its own signed identity, dropping forged headers', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/v1/conversations?status=open',
      headers: {
        authorization: `Bearer ${await token()}`,
        'x-account-ids': forged,
        'x-user-id': forged,
        'x-role-ids': forged,
        'x-account-roles': `${forged}:admin`,
        'x-gateway-signature': 'deadbeef',
        'x-forwarded-for': '203.0.113.9',
      },
    });
    expect(res.statusCode).toBe(200);
    const [forwarded] = messagingApi.requests;
    expect(forwarded?.url).toBe('/v1/conversations?status=open');
    // A client-chosen X-Forwarded-For never reaches the backends (they throttle on it).
    expect(forwarded?.headers['x-forwarded-for']).not.toContain('203.0.113.9');
    expect(forwarded?.headers).toMatchObject({
      'x-user-id': userId,
      'x-account-ids': accountId,
      'x-role-ids': roleId,
      'x-account-roles': `${accountId}:agent`,
    });
    const headers = {
      'x-user-id': userId,
      'x-account-ids': accountId,
      'x-role-ids': roleId,
      'x-account-roles': `${accountId}:agent`,
    };
    const check = verifyGatewaySignature(
      { method: 'GET', url: forwarded!.url, headers },
      forwarded!.headers,
      secret,
      Math.floor(Date.now() / 1000),
    );
    expect(check).toEqual({ ok: true });
  });

  it('answers 401 without a token or with a token signed by another key, calling no backend', async () => {
    const other = await generateKeyPair('RS256');
    for (const authorization of ['', 'Bearer nonsense', `Bearer ${await token(other.privateKey)}`]) {
      const headers = authorization ? { authorization } : {};
      const res = await app.inject({ method: 'GET', url: '/v1/conversations', headers });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ success: false, error: 'unauthorized' });
    }
    expect(messagingApi.requests).toHaveLength(0);
  });

  it('forwards public routes without identity even when the client sends some', async () => {
    const raw = '{"update_id": 1,\n  "message": {"text": "héllo"}}';
    const res = await app.inject({
      method: 'POST',
      url: '/v1/webhooks/telegram/abc',
      headers: { 'content-type': 'application/json', 'x-user-id': forged, 'x-account-ids': forged },
      payload: raw,
    });
    expect(res.statusCode).toBe(200);
    const [forwarded] = messagingApi.requests;
    expect(forwarded?.headers['x-user-id']).toBeUndefined();
    expect(forwarded?.headers['x-account-ids']).toBeUndefined();
    expect(forwarded?.headers['x-gateway-signature']).toMatch(/^[0-9a-f]{64}$/);
    // Byte for byte, so provider signatures over the raw body still verify downstream.
    expect(forwarded?.body.toString('utf8')).toBe(raw);
  });

  it('routes auth to the Account API', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/auth/login',
      payload: { email: 'a@b.c', password: 'x' },
    });
    expect(res.json()).toMatchObject({ data: { access_token: 't' } });
  });

  it.each([
    '/internal/contacts/upsert',
    '/context/basic',
    '/v1/nothing-here',
    '/v1/webhooks/../../internal/x',
  ])('answers %s with the 404 envelope', async (url) => {
    const res = await app.inject({
      method: 'GET',
      url,
      headers: { authorization: `Bearer ${await token()}` },
    });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ success: false, error: 'not_found' });
  });

  it('answers a malformed %-escape or an overlong URL with 400, not a 500', async () => {
    for (const url of [
      '/v1/auth/login?a=%',
      '/v1/auth/login?%zz=1',
      `/v1/auth/login?q=${'x'.repeat(9000)}`,
    ]) {
      const res = await app.inject({ method: 'POST', url, payload: {} });
      expect(res.statusCode, url).toBe(400);
      expect(res.json()).toMatchObject({ success: false, error: 'bad_request' });
    }
  });

  it('refuses a body over the API limit with 413 before checking the token', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/conversations',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ pad: 'x'.repeat(1024 * 1024 + 1) }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ success: false, error: 'bad_request' });
  });

  it('answers 503 with Retry-After when a backend is down', async () => {
    const config = loadConfig({
      GATEWAY_SHARED_SECRET: secret,
      ACCOUNT_API_URL: accountApi.url,
      MESSAGING_API_URL: 'http://127.0.0.1:9',
      WEB_DIST_DIR: '/nonexistent',
    });
    const down = await buildApp(createDeps(config, { logger: createSilentLogger() }));
    const res = await down.inject({ method: 'POST', url: '/v1/webhooks/telegram/abc', payload: {} });
    await down.close();
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.json()).toMatchObject({ success: false, error: 'service_unavailable' });
  });

  it('serves one OpenAPI document merged from the backends at /docs', async () => {
    const res = await app.inject({ method: 'GET', url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    expect(Object.keys(res.json().paths).sort()).toEqual(['/v1/auth/login', '/v1/conversations']);
  });
});
