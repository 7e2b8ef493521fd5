import type { TestIdentity } from '@turumba/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAccountApi, identityOf, registerUser, send, type TestAccountApi } from '../test-support';

/*
 * A second tenant's admin against the Demo account: every id of Demo is "not found" to them,
 * and nothing of Demo appears in their lists or counts.
 */
let api: TestAccountApi;
let demoAdmin: TestIdentity;
let demoAgent: TestIdentity;
let outsider: TestIdentity;
let demoId: string;
let demoRoleId: string;

beforeAll(async () => {
  api = await createTestAccountApi();
  demoAdmin = await identityOf(api, 'admin@demo.local');
  demoAgent = await identityOf(api, 'agent1@demo.local');
  demoId = demoAdmin.accountIds[0]!;
  demoRoleId = demoAdmin.roleIds![0]!;
  ({ identity: outsider } = await registerUser(api, 'rival@example.com', 'Rival Inc'));
});
afterAll(() => api?.cleanup());

describe("another account's admin", () => {
  it.each([
    ['GET', () => `/v1/accounts/${demoId}`, undefined],
    ['PATCH', () => `/v1/accounts/${demoId}`, { name: 'Pwned' }],
    ['DELETE', () => `/v1/accounts/${demoId}`, undefined],
    ['GET', () => `/v1/users/${demoAgent.userId}`, undefined],
    ['PATCH', () => `/v1/users/${demoAgent.userId}`, { role: 'admin' }],
    ['DELETE', () => `/v1/users/${demoAgent.userId}`, undefined],
    ['GET', () => `/v1/roles/${demoRoleId}`, undefined],
    ['PATCH', () => `/v1/roles/${demoRoleId}`, { name: 'Pwned' }],
    ['DELETE', () => `/v1/roles/${demoRoleId}`, undefined],
  ] as const)('gets 404 for %s %s', async (method, url, body) => {
    const res = await send(api, method, url(), outsider, body);
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ success: false, error: 'not_found' });
  });

  it.each([
    ['GET', '/v1/users', undefined],
    ['POST', '/v1/users', { email: 'spy@example.com', name: 'Spy', password: 'spy-password-1' }],
    ['GET', '/v1/roles', undefined],
    ['POST', '/v1/roles', { key: 'spy', name: 'Spy' }],
    ['PATCH', '/v1/users/00000000-0000-4000-8000-000000000000', { name: 'x' }],
  ] as const)('gets 404 for %s %s with X-Account-Id of the other account', async (method, url, body) => {
    const res = await send(api, method, url, outsider, body, { 'x-account-id': demoId });
    expect(res.statusCode).toBe(404);
  });

  it('sees only its own account, members and roles in lists and counts', async () => {
    const accounts = (await send(api, 'GET', '/v1/accounts', outsider)).json();
    expect(accounts.meta.total).toBe(1);
    expect(accounts.data[0].name).toBe('Rival Inc');
    const users = (await send(api, 'GET', '/v1/users', outsider)).json();
    expect(users.meta.total).toBe(1);
    expect(users.data.map((u: { email: string }) => u.email)).toEqual(['rival@example.com']);
    const searched = (await send(api, 'GET', '/v1/users?filter=email:eq:agent1@demo.local', outsider)).json();
    expect(searched).toMatchObject({ data: [], meta: { total: 0 } });
    const roles = (await send(api, 'GET', '/v1/roles', outsider)).json();
    expect(roles.meta.total).toBe(3);
    expect(roles.data.every((r: { account_id: string }) => r.account_id === outsider.accountIds[0])).toBe(
      true,
    );
  });

  it('left the Demo account unchanged', async () => {
    const account = (await send(api, 'GET', `/v1/accounts/${demoId}`, demoAdmin)).json().data;
    expect(account.name).toBe('Demo');
    const agent = await send(api, 'GET', `/v1/users/${demoAgent.userId}`, demoAdmin);
    expect(agent.json().data.role).toBe('agent');
    expect((await send(api, 'GET', `/v1/roles/${demoRoleId}`, demoAdmin)).statusCode).toBe(200);
  });
});
