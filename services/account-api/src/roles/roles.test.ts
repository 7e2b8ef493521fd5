import type { TestIdentity } from '@turumba/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAccountApi, identityOf, send, type TestAccountApi } from '../test-support';

let api: TestAccountApi;
let admin: TestIdentity;
let agent: TestIdentity;

beforeAll(async () => {
  api = await createTestAccountApi();
  admin = await identityOf(api, 'admin@demo.local');
  agent = await identityOf(api, 'agent1@demo.local');
});
afterAll(() => api?.cleanup());

const billing = { key: 'billing', name: 'Billing', permissions: ['invoices:read', 'contacts:read'] };

async function builtIn(key: string) {
  const res = await send(api, 'GET', `/v1/roles?filter=key:eq:${key}`, admin);
  return res.json().data[0] as { id: string };
}

describe('/v1/roles', () => {
  it('lists the built-in roles of my account to admins', async () => {
    const res = await send(api, 'GET', '/v1/roles?sort=key:asc', admin);
    expect(res.statusCode).toBe(200);
    expect(res.json().data.map((r: { key: string; is_built_in: boolean }) => [r.key, r.is_built_in])).toEqual(
      [
        ['admin', true],
        ['agent', true],
        ['supervisor', true],
      ],
    );
  });

  it('creates a custom role (201), reads, renames and re-permissions it, then deletes it (204)', async () => {
    const created = await send(api, 'POST', '/v1/roles', admin, billing);
    expect(created.statusCode).toBe(201);
    const role = created.json().data;
    expect(role).toMatchObject({ ...billing, is_built_in: false, account_id: admin.accountIds[0] });
    expect((await send(api, 'GET', `/v1/roles/${role.id}`, admin)).json().data.key).toBe('billing');
    const patched = await send(api, 'PATCH', `/v1/roles/${role.id}`, admin, {
      name: 'Billing team',
      permissions: ['invoices:*'],
    });
    expect(patched.json().data).toMatchObject({
      key: 'billing',
      name: 'Billing team',
      permissions: ['invoices:*'],
    });
    expect((await send(api, 'DELETE', `/v1/roles/${role.id}`, admin)).statusCode).toBe(204);
    expect((await send(api, 'GET', `/v1/roles/${role.id}`, admin)).statusCode).toBe(404);
  });

  it('answers 409 for a key already used in the account', async () => {
    expect((await send(api, 'POST', '/v1/roles', admin, { ...billing, key: 'auditor' })).statusCode).toBe(
      201,
    );
    const again = await send(api, 'POST', '/v1/roles', admin, { ...billing, key: 'auditor' });
    expect(again.statusCode).toBe(409);
    expect((await send(api, 'POST', '/v1/roles', admin, { ...billing, key: 'agent' })).statusCode).toBe(409);
  });

  it('never deletes a built-in role nor changes its permissions (409), but may rename it', async () => {
    const agentRole = await builtIn('agent');
    expect((await send(api, 'DELETE', `/v1/roles/${agentRole.id}`, admin)).statusCode).toBe(409);
    const perms = await send(api, 'PATCH', `/v1/roles/${agentRole.id}`, admin, { permissions: ['*'] });
    expect(perms.statusCode).toBe(409);
    const renamed = await send(api, 'PATCH', `/v1/roles/${agentRole.id}`, admin, { name: 'Support agent' });
    expect(renamed.json().data).toMatchObject({ key: 'agent', name: 'Support agent' });
  });

  it('refuses to delete a custom role someone holds (409)', async () => {
    const role = (await send(api, 'POST', '/v1/roles', admin, { ...billing, key: 'held' })).json().data;
    const added = await send(api, 'POST', '/v1/users', admin, {
      email: 'held@demo.local',
      name: 'Held',
      role: 'held',
      password: 'held-password',
    });
    expect(added.json().data.role).toBe('held');
    expect((await send(api, 'DELETE', `/v1/roles/${role.id}`, admin)).statusCode).toBe(409);
  });

  it('shows a role change in its holders\u2019 context at once', async () => {
    const role = (await send(api, 'POST', '/v1/roles', admin, { ...billing, key: 'viewer' })).json().data;
    await send(api, 'POST', '/v1/users', admin, {
      email: 'viewer@demo.local',
      name: 'V',
      role: 'viewer',
      password: 'viewer-password',
    });
    const context = async () => {
      const login = await send(api, 'POST', '/v1/auth/login', undefined, {
        email: 'viewer@demo.local',
        password: 'viewer-password',
      });
      const res = await api.app.inject({
        url: '/context/basic',
        headers: { authorization: `Bearer ${login.json().data.access_token}` },
      });
      return res.json().data.accounts[0];
    };
    expect((await context()).permissions).toEqual(billing.permissions);
    await send(api, 'PATCH', `/v1/roles/${role.id}`, admin, { permissions: ['reports:read'] });
    expect((await context()).permissions).toEqual(['reports:read']);
  });

  it('answers 422 for a malformed key or permission', async () => {
    expect((await send(api, 'POST', '/v1/roles', admin, { ...billing, key: 'Bad Key' })).statusCode).toBe(
      422,
    );
    expect(
      (
        await send(api, 'POST', '/v1/roles', admin, {
          ...billing,
          key: 'ok_key',
          permissions: ['DROP TABLE'],
        })
      ).statusCode,
    ).toBe(422);
  });

  it('answers 403 to an agent on every roles route of their own account', async () => {
    const agentRole = await builtIn('agent');
    expect((await send(api, 'GET', '/v1/roles', agent)).statusCode).toBe(403);
    expect((await send(api, 'POST', '/v1/roles', agent, { ...billing, key: 'sneaky' })).statusCode).toBe(403);
    expect((await send(api, 'GET', `/v1/roles/${agentRole.id}`, agent)).statusCode).toBe(403);
    expect((await send(api, 'PATCH', `/v1/roles/${agentRole.id}`, agent, { name: 'x' })).statusCode).toBe(
      403,
    );
    expect((await send(api, 'DELETE', `/v1/roles/${agentRole.id}`, agent)).statusCode).toBe(403);
  });
});
