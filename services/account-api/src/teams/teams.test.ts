import type { TestIdentity } from '@turumba/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, demoIdentities, outboxOf, type TestApi } from '../contacts/test-fixtures';
import { createTestAccountApi } from '../test-support';

let api: TestApi;
let admin: TestIdentity;
let agent: TestIdentity;
let agent2: TestIdentity;
let accountId: string;

beforeAll(async () => {
  api = await createTestAccountApi();
  ({ admin, agent1: agent, agent2, accountId } = await demoIdentities(api.deps.modules.db));
});
afterAll(() => api?.cleanup());

const create = (payload: object, as = admin) => call(api, 'POST', '/v1/teams', as, payload);

describe('/v1/teams', () => {
  it('creates a team (201) that admins can rename and describe', async () => {
    const res = await create({ name: ' Billing ', description: 'Invoices and refunds' });
    expect(res.statusCode).toBe(201);
    const team = res.json().data;
    expect(team).toMatchObject({
      account_id: accountId,
      name: 'Billing',
      description: 'Invoices and refunds',
      member_count: 0,
    });
    const renamed = await call(api, 'PATCH', `/v1/teams/${team.id}`, admin, {
      name: 'Billing EU',
      description: null,
    });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json().data).toMatchObject({ name: 'Billing EU', description: null });
  });

  it('answers a name another team has, in any case, with 409', async () => {
    await create({ name: 'Sales' });
    const dup = await create({ name: 'SALES' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().details).toEqual({ field: 'name' });
    const other = (await create({ name: 'Presales' })).json().data.id;
    expect((await call(api, 'PATCH', `/v1/teams/${other}`, admin, { name: 'sales' })).statusCode).toBe(409);
  });

  it('lists teams by name with their member counts, filtered and paged', async () => {
    const team = (await create({ name: 'Counted' })).json().data.id;
    for (const who of [agent, agent2]) {
      await call(api, 'POST', `/v1/teams/${team}/members`, admin, { user_id: who.userId });
    }
    const res = await call(api, 'GET', '/v1/teams?filter=name:eq:Counted', agent);
    expect(res.statusCode).toBe(200);
    expect(res.json().data).toMatchObject([{ id: team, member_count: 2 }]);
    const page = (await call(api, 'GET', '/v1/teams?limit=2&sort=name:desc', agent)).json();
    expect(page.data).toHaveLength(2);
    expect(page.meta).toMatchObject({ skip: 0, limit: 2 });
    expect(page.meta.total).toBeGreaterThanOrEqual(4);
    expect((await call(api, 'GET', '/v1/teams?filter=description:eq:x', agent)).statusCode).toBe(400);
  });

  it('lets agents read teams but not create, change or delete them (403)', async () => {
    const team = (await create({ name: 'Readable' })).json().data.id;
    expect((await call(api, 'GET', `/v1/teams/${team}`, agent)).statusCode).toBe(200);
    expect((await create({ name: 'Agents team' }, agent)).statusCode).toBe(403);
    expect((await call(api, 'PATCH', `/v1/teams/${team}`, agent, { name: 'x' })).statusCode).toBe(403);
    expect((await call(api, 'DELETE', `/v1/teams/${team}`, agent)).statusCode).toBe(403);
  });

  it('deletes a team (204) and tells routing that each former member changed', async () => {
    const team = (await create({ name: 'Short lived' })).json().data.id;
    await call(api, 'POST', `/v1/teams/${team}/members`, admin, { user_id: agent2.userId });
    const res = await call(api, 'DELETE', `/v1/teams/${team}`, admin);
    expect(res.statusCode).toBe(204);
    expect((await call(api, 'GET', `/v1/teams/${team}`, admin)).statusCode).toBe(404);
    const events = await outboxOf(api.deps.modules.db, 'agent.preference.updated');
    const removal = events.find(
      (e) => e.payload.data.team_id === team && e.payload.data.change === 'removed',
    );
    expect(removal?.payload).toMatchObject({ account_id: accountId, aggregate_id: agent2.userId });
  });

  it('answers 422 for a blank name and 404 for an unknown team', async () => {
    const blank = await create({ name: '   ' });
    expect(blank.statusCode).toBe(422);
    expect(blank.json().details.errors[0].field).toBe('body.name');
    expect((await call(api, 'GET', '/v1/teams/00000000-0000-4000-8000-000000000000', admin)).statusCode).toBe(
      404,
    );
  });
});
