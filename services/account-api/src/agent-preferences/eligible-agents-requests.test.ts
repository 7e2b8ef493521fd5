import { testServiceToken } from '@turumba/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAccountApi } from '../test-support';
import { callInternal, createTeam, type TestApi } from './test-helpers';
import { seedTwoTenants } from './two-tenants';

const someUuid = '00000000-0000-4000-8000-000000000000';
let api: TestApi;
let demoId: string;
let acmeTeamId: string;

beforeAll(async () => {
  api = await createTestAccountApi();
  const who = await seedTwoTenants(api);
  demoId = who.admin.accountIds[0]!;
  const acmeId = who.acmeAdmin.accountIds[0]!;
  acmeTeamId = await createTeam(api.deps.modules.db, api.deps.ids, acmeId, 'Acme Billing', [
    who.acmeAgent.userId,
  ]);
});
afterAll(() => api?.cleanup());

describe('GET /internal/agents/eligible requests', () => {
  it('answers 401 without the service token or with a wrong one, and 200 with it', async () => {
    const url = `/internal/agents/eligible?account_id=${demoId}`;
    expect((await callInternal(api, url, null)).statusCode).toBe(401);
    expect((await callInternal(api, url, 'not-the-token')).statusCode).toBe(401);
    expect((await callInternal(api, url, testServiceToken)).statusCode).toBe(200);
  });

  it('answers 404 for a team of another account, and for an unknown account', async () => {
    const foreignTeam = await callInternal(
      api,
      `/internal/agents/eligible?account_id=${demoId}&team_id=${acmeTeamId}`,
    );
    expect(foreignTeam.statusCode).toBe(404);
    const unknown = await callInternal(api, `/internal/agents/eligible?account_id=${someUuid}`);
    expect(unknown.statusCode).toBe(404);
  });

  it.each([
    ['account_id=nope', 'querystring.account_id'],
    ['team_id=x', 'querystring.account_id'],
    [`account_id=${someUuid}&team_id=x`, 'querystring.team_id'],
    [`account_id=${someUuid}&channel=fax`, 'querystring.channel'],
    [`account_id=${someUuid}&at=tomorrow`, 'querystring.at'],
  ])('rejects ?%s with 422 naming %s', async (query, field) => {
    const res = await callInternal(api, `/internal/agents/eligible?${query}`);
    expect(res.statusCode).toBe(422);
    expect(res.json().details.errors.map((e: { field: string }) => e.field)).toContain(field);
  });
});
