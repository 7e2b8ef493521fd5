import { testServiceToken } from '@turumba/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAccountApi, loginAs, type TestAccountApi } from '../test-support';

let api: TestAccountApi;

beforeAll(async () => {
  api = await createTestAccountApi();
});
afterAll(() => api?.cleanup());

const rotate = (headers: Record<string, string>) =>
  api.app.inject({ method: 'POST', url: '/internal/signing-keys/rotate', headers, payload: {} });

describe('POST /internal/signing-keys/rotate', () => {
  it('starts signing with a new key and keeps the old one published (service token only)', async () => {
    const before = await loginAs(api, 'admin@demo.local');
    const res = await rotate({ 'x-service-token': testServiceToken });
    expect(res.statusCode).toBe(201);
    const { kid, retire_previous_after } = res.json().data;
    expect(new Date(retire_previous_after).getTime()).toBeGreaterThan(Date.now() + 900_000);
    const jwks = (await api.app.inject('/.well-known/jwks.json')).json();
    expect(jwks.keys.map((k: { kid: string }) => k.kid)).toContain(kid);
    expect(jwks.keys).toHaveLength(2);
    const context = await api.app.inject({
      url: '/context/basic',
      headers: { authorization: `Bearer ${before.access_token}` },
    });
    expect(context.statusCode).toBe(200);
  });

  it('answers 401 without the service token', async () => {
    expect((await rotate({})).statusCode).toBe(401);
    expect((await rotate({ 'x-service-token': 'wrong' })).statusCode).toBe(401);
  });
});
