import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAccountApi, identityOf, send, type TestAccountApi } from '../test-support';

let api: TestAccountApi;

beforeAll(async () => {
  api = await createTestAccountApi();
});
afterAll(() => api?.cleanup());

describe('/v1/users/me', () => {
  it('returns me with my accounts and roles, never the password hash', async () => {
    const me = await identityOf(api, 'agent1@demo.local');
    const res = await send(api, 'GET', '/v1/users/me', me);
    expect(res.statusCode).toBe(200);
    const { data } = res.json();
    expect(data).toMatchObject({
      id: me.userId,
      email: 'agent1@demo.local',
      name: 'Agent One',
      is_active: true,
    });
    expect(data.accounts).toEqual([
      expect.objectContaining({
        account_id: me.accountIds[0],
        name: 'Demo',
        role: 'agent',
        permissions: expect.any(Array),
      }),
    ]);
    expect(Object.keys(data)).not.toContain('password_hash');
    expect(res.body).not.toMatch(/scrypt/);
  });

  it('lets me change my name', async () => {
    const me = await identityOf(api, 'agent2@demo.local');
    const res = await send(api, 'PATCH', '/v1/users/me', me, { name: 'Agent Deux' });
    expect(res.statusCode).toBe(200);
    expect(res.json().data.name).toBe('Agent Deux');
  });

  it('answers 401 without a signed-in user', async () => {
    expect((await send(api, 'GET', '/v1/users/me')).statusCode).toBe(401);
  });
});
