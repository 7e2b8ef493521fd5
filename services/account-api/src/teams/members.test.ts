import type { TestIdentity } from '@turumba/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createOtherAccount, demoIdentities, outboxOf, type TestApi } from '../contacts/test-fixtures';
import { createTestAccountApi } from '../test-support';

let api: TestApi;
let admin: TestIdentity;
let agent: TestIdentity;
let agent2: TestIdentity;
let outsider: TestIdentity;
let accountId: string;
let teamId: string;

beforeAll(async () => {
  api = await createTestAccountApi();
  const { db } = api.deps.modules;
  ({ admin, agent1: agent, agent2, accountId } = await demoIdentities(db));
  ({ agent: outsider } = await createOtherAccount(db, api.deps.ids));
  teamId = (await call(api, 'POST', '/v1/teams', admin, { name: 'Support' })).json().data.id;
});
afterAll(() => api?.cleanup());

const members = (suffix = '') => `/v1/teams/${teamId}/members${suffix}`;
const add = (userId: string, role?: string, as = admin) =>
  call(api, 'POST', members(), as, { user_id: userId, role });

async function membershipEvents(userId: string) {
  const events = await outboxOf(api.deps.modules.db, 'agent.preference.updated');
  return events
    .filter((e) => e.aggregateId === userId && e.payload.data.team_id === teamId)
    .map((e) => e.payload);
}

describe('/v1/teams/{id}/members', () => {
  it('adds a user of the account (201) with name and email, and lists members by name', async () => {
    const res = await add(agent.userId);
    expect(res.statusCode).toBe(201);
    expect(res.json().data).toMatchObject({
      team_id: teamId,
      user_id: agent.userId,
      role: 'member',
      name: 'Agent One',
      email: 'agent1@demo.local',
      is_active: true,
    });
    await add(admin.userId, 'lead');
    const list = (await call(api, 'GET', members(), agent)).json();
    expect(list.meta).toEqual({ total: 2, skip: 0, limit: 100 });
    expect(list.data.map((m: { name: string; role: string }) => [m.name, m.role])).toEqual([
      ['Agent One', 'member'],
      ['Demo Admin', 'lead'],
    ]);
  });

  it('emits agent.preference.updated for the user in the same transaction as the change', async () => {
    await add(agent2.userId);
    await call(api, 'PATCH', members(`/${agent2.userId}`), admin, { role: 'lead' });
    await call(api, 'DELETE', members(`/${agent2.userId}`), admin);
    const events = await membershipEvents(agent2.userId);
    expect(events.map((e) => [e.data.change, e.data.role])).toEqual([
      ['added', 'member'],
      ['role_changed', 'lead'],
      ['removed', null],
    ]);
    expect(events[0]).toMatchObject({
      account_id: accountId,
      aggregate_type: 'agent_preference',
      data: {
        user_id: agent2.userId,
        account_id: accountId,
        team_id: teamId,
        reason: 'team_membership_changed',
      },
    });
  });

  it('answers a duplicate member with 409 and emits nothing for it', async () => {
    const before = (await membershipEvents(agent.userId)).length;
    expect((await add(agent.userId)).statusCode).toBe(409);
    expect((await membershipEvents(agent.userId)).length).toBe(before);
  });

  it('answers a user of another account, or no user at all, with 422 on user_id', async () => {
    for (const userId of [outsider.userId, '00000000-0000-4000-8000-000000000000']) {
      const res = await add(userId);
      expect(res.statusCode).toBe(422);
      expect(res.json().details.errors).toEqual([
        { field: 'body.user_id', message: 'Not a user of this account' },
      ]);
    }
  });

  it('changes a role (200) and removes a member (204); 404 for someone not in the team', async () => {
    await add(agent2.userId);
    const patched = await call(api, 'PATCH', members(`/${agent2.userId}`), admin, { role: 'lead' });
    expect(patched.json().data.role).toBe('lead');
    expect((await call(api, 'DELETE', members(`/${agent2.userId}`), admin)).statusCode).toBe(204);
    expect((await call(api, 'DELETE', members(`/${agent2.userId}`), admin)).statusCode).toBe(404);
    expect((await call(api, 'PATCH', members(`/${agent2.userId}`), admin, { role: 'lead' })).statusCode).toBe(
      404,
    );
  });

  it('answers a bad role with 422 and agents changing memberships with 403', async () => {
    expect((await call(api, 'PATCH', members(`/${agent.userId}`), admin, { role: 'boss' })).statusCode).toBe(
      422,
    );
    expect((await add(agent2.userId, 'member', agent)).statusCode).toBe(403);
    expect((await call(api, 'DELETE', members(`/${agent.userId}`), agent)).statusCode).toBe(403);
  });

  it("drops a user's team places when the user is removed from the account", async () => {
    await add(agent2.userId);
    const removed = await call(api, 'DELETE', `/v1/users/${agent2.userId}`, admin, undefined, {
      'x-account-id': accountId,
    });
    expect(removed.statusCode).toBe(204);
    const list = (await call(api, 'GET', members(), admin)).json();
    expect(list.data.map((m: { user_id: string }) => m.user_id)).not.toContain(agent2.userId);
  });
});
