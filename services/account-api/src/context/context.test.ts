import { gatewayHeaders } from '@turumba/platform/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAccountApi, demoPassword, identityOf, send } from '../test-support';
import { users } from '../users/tables';

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

  describe('membership cache', () => {
    it('answers from the cache: a change made behind the API is not seen until the entry expires', async () => {
      const token = await tokenFor('agent2@demo.local');
      expect((await context(token)).json().data.name).toBe('Agent Two');
      const db = api.deps.modules.db;
      await db
        .update(users)
        .set({ name: 'Renamed Behind The Back' })
        .where(eq(users.email, 'agent2@demo.local'));
      expect((await context(token)).json().data.name).toBe('Agent Two');
      await db.update(users).set({ name: 'Agent Two' }).where(eq(users.email, 'agent2@demo.local'));
    });

    it("is invalidated when an admin changes the user's role", async () => {
      const token = await tokenFor('agent1@demo.local');
      const before = (await context(token)).json().data;
      expect(before.accounts[0].role).toBe('agent');
      const admin = await identityOf(api, 'admin@demo.local');
      const res = await send(api, 'PATCH', `/v1/users/${before.user_id}`, admin, { role: 'supervisor' });
      expect(res.statusCode).toBe(200);
      expect((await context(token)).json().data.accounts[0].role).toBe('supervisor');
      await send(api, 'PATCH', `/v1/users/${before.user_id}`, admin, { role: 'agent' });
      expect((await context(token)).json().data.accounts[0].role).toBe('agent');
    });

    it('is invalidated when the user is removed from the account or deactivated', async () => {
      const admin = await identityOf(api, 'admin@demo.local');
      const add = { email: 'leaver@demo.local', name: 'Leaver', password: 'leaver-password' };
      const { id } = (await send(api, 'POST', '/v1/users', admin, add)).json().data;
      const token = (
        await api.app.inject({
          method: 'POST',
          url: '/v1/auth/login',
          headers: gatewayHeaders('POST', '/v1/auth/login'),
          payload: { email: add.email, password: add.password },
        })
      ).json().data.access_token;
      expect((await context(token)).json().data.account_ids).toHaveLength(1);
      await send(api, 'PATCH', `/v1/users/${id}`, admin, { is_active: false });
      expect((await context(token)).statusCode).toBe(401);
      await send(api, 'PATCH', `/v1/users/${id}`, admin, { is_active: true });
      await send(api, 'DELETE', `/v1/users/${id}`, admin);
      expect((await context(token)).json().data.account_ids).toEqual([]);
    });
  });
});
