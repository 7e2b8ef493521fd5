import type { TestIdentity } from '@turumba/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  callInternal,
  createOtherAccount,
  demoIdentities,
  type TestApi,
} from '../contacts/test-fixtures';
import { createTestAccountApi } from '../test-support';

// Another tenant's team and its members are 404 on every route and never counted (ARCHITECTURE.md §4).
let api: TestApi;
let demoAdmin: TestIdentity;
let demoAgent: TestIdentity;
let otherAdmin: TestIdentity;
let demoAccount: string;
let otherAccount: string;
let demoTeam: string;
let otherTeam: string;

beforeAll(async () => {
  api = await createTestAccountApi();
  const { db } = api.deps.modules;
  ({ admin: demoAdmin, agent1: demoAgent, accountId: demoAccount } = await demoIdentities(db));
  ({ admin: otherAdmin, accountId: otherAccount } = await createOtherAccount(db, api.deps.ids));
  demoTeam = (await call(api, 'POST', '/v1/teams', demoAdmin, { name: 'Shared name' })).json().data.id;
  otherTeam = (await call(api, 'POST', '/v1/teams', otherAdmin, { name: 'Shared name' })).json().data.id;
  await call(api, 'POST', `/v1/teams/${otherTeam}/members`, otherAdmin, { user_id: otherAdmin.userId });
});
afterAll(() => api?.cleanup());

describe('teams across accounts', () => {
  it('lets two accounts use one team name, each listing and counting only its own', async () => {
    const demo = (await call(api, 'GET', '/v1/teams', demoAdmin)).json();
    expect(demo.data.map((t: { id: string }) => t.id)).toEqual([demoTeam]);
    expect(demo.meta.total).toBe(1);
    const other = (await call(api, 'GET', '/v1/teams', otherAdmin)).json();
    expect(other.data).toMatchObject([{ id: otherTeam, member_count: 1 }]);
  });

  it.each([
    ['GET', ''],
    ['PATCH', ''],
    ['DELETE', ''],
    ['GET', '/members'],
    ['POST', '/members'],
    ['PATCH', '/members/{user}'],
    ['DELETE', '/members/{user}'],
  ] as const)('answers %s /v1/teams/{other tenant id}%s with 404', async (method, suffix) => {
    const url = `/v1/teams/${otherTeam}${suffix.replace('{user}', otherAdmin.userId)}`;
    const payload =
      suffix === '/members'
        ? { user_id: demoAgent.userId }
        : method === 'PATCH'
          ? { role: 'lead', name: 'x' }
          : undefined;
    const res = await call(
      api,
      method,
      url,
      demoAdmin,
      method === 'PATCH' && suffix === '' ? { name: 'x' } : payload,
    );
    expect(res.statusCode).toBe(404);
  });

  it('answers 422 when adding another tenant’s user to our team', async () => {
    const res = await call(api, 'POST', `/v1/teams/${demoTeam}/members`, demoAdmin, {
      user_id: otherAdmin.userId,
    });
    expect(res.statusCode).toBe(422);
  });

  it('answers X-Account-Id naming another tenant with 404', async () => {
    const headers = { 'x-account-id': otherAccount };
    expect((await call(api, 'GET', '/v1/teams', demoAdmin, undefined, headers)).statusCode).toBe(404);
    expect((await call(api, 'POST', '/v1/teams', demoAdmin, { name: 'Sneaky' }, headers)).statusCode).toBe(
      404,
    );
  });

  it('serves /internal/teams/{id}/members only under the team’s own account id', async () => {
    const own = await callInternal(
      api,
      'GET',
      `/internal/teams/${otherTeam}/members?account_id=${otherAccount}`,
    );
    expect(own.statusCode).toBe(200);
    expect(own.json().data.members.map((m: { user_id: string }) => m.user_id)).toEqual([otherAdmin.userId]);
    const cross = await callInternal(
      api,
      'GET',
      `/internal/teams/${otherTeam}/members?account_id=${demoAccount}`,
    );
    expect(cross.statusCode).toBe(404);
  });
});

describe('GET /internal/teams/{id}/members', () => {
  it('lists every member with role, name and activity for routing', async () => {
    await call(api, 'POST', `/v1/teams/${demoTeam}/members`, demoAdmin, {
      user_id: demoAgent.userId,
      role: 'lead',
    });
    const res = await callInternal(
      api,
      'GET',
      `/internal/teams/${demoTeam}/members?account_id=${demoAccount}`,
    );
    expect(res.json().data).toMatchObject({
      team_id: demoTeam,
      account_id: demoAccount,
      members: [{ user_id: demoAgent.userId, role: 'lead', email: 'agent1@demo.local', is_active: true }],
    });
  });

  it('answers 401 without the service token and 422 without account_id', async () => {
    const url = `/internal/teams/${demoTeam}/members`;
    expect(
      (await callInternal(api, 'GET', `${url}?account_id=${demoAccount}`, undefined, '')).statusCode,
    ).toBe(401);
    expect((await callInternal(api, 'GET', url)).statusCode).toBe(422);
  });
});
