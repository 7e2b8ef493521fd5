import { gatewayHeaders } from '@turumba/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAccountApi, demoPassword } from '../test-support';

let api: Awaited<ReturnType<typeof createTestAccountApi>>;

beforeAll(async () => {
  api = await createTestAccountApi();
});
afterAll(() => api?.cleanup());

async function tokenFor(email: string) {
  const url = '/v1/auth/login';
  const res = await api.app.inject({
    method: 'POST',
    url,
    headers: gatewayHeaders('POST', url),
    payload: { email, password: demoPassword },
  });
  return res.json().data.access_token as string;
}

function context(token?: string) {
  return api.app.inject({
    url: '/context/basic',
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
}

describe('GET /context/basic', () => {
  it("returns the bearer's accounts and roles", async () => {
    const res = await context(await tokenFor('agent1@demo.local'));
    expect(res.statusCode).toBe(200);
    const { data } = res.json();
    expect(data.email).toBe('agent1@demo.local');
    expect(data.account_ids).toHaveLength(1);
    expect(data.role_ids).toHaveLength(1);
    expect(data.accounts[0]).toMatchObject({ name: 'Demo', role: 'agent' });
  });

  it('answers 401 without a token and with a tampered one', async () => {
    expect((await context()).statusCode).toBe(401);
    const token = await tokenFor('admin@demo.local');
    const [header, payload, signature] = token.split('.');
    const forged = Buffer.from(
      JSON.stringify({
        ...JSON.parse(Buffer.from(payload!, 'base64url').toString()),
        sub: '00000000-0000-4000-8000-000000000000',
      }),
    ).toString('base64url');
    expect((await context(`${header}.${forged}.${signature}`)).statusCode).toBe(401);
  });

  it('keeps tokens signed before a key rotation valid and signs new ones with the new key', async () => {
    const before = await tokenFor('admin@demo.local');
    const newKid = await api.deps.keys.rotate(new Date(), 3600);
    const jwks = (await api.app.inject('/.well-known/jwks.json')).json();
    expect(jwks.keys.map((k: { kid: string }) => k.kid)).toContain(newKid);
    expect(jwks.keys.length).toBeGreaterThanOrEqual(2);
    expect((await context(before)).statusCode).toBe(200);
    const after = await tokenFor('admin@demo.local');
    expect(JSON.parse(Buffer.from(after.split('.')[0]!, 'base64url').toString()).kid).toBe(newKid);
    expect((await context(after)).statusCode).toBe(200);
  });
});
