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

let api: TestApi;
let admin: TestIdentity;
let agent: TestIdentity;
let accountId: string;
let teamId: string;

beforeAll(async () => {
  api = await createTestAccountApi();
  ({ admin, agent1: agent, accountId } = await demoIdentities(api.deps.modules.db));
  teamId = (await call(api, 'POST', '/v1/teams', admin, { name: 'Billing' })).json().data.id;
  await call(api, 'POST', `/v1/teams/${teamId}/members`, admin, { user_id: agent.userId });
});
afterAll(() => api?.cleanup());

describe('internal directory', () => {
  it("lists a member's teams in the account and their name", async () => {
    const teams = await callInternal(
      api,
      'GET',
      `/internal/users/${agent.userId}/teams?account_id=${accountId}`,
    );
    expect(teams.statusCode).toBe(200);
    expect(teams.json().data.team_ids).toEqual([teamId]);
    const user = await callInternal(api, 'GET', `/internal/users/${agent.userId}?account_id=${accountId}`);
    expect(user.json().data).toMatchObject({
      id: agent.userId,
      email: 'agent1@demo.local',
      name: 'Agent One',
    });
  });

  it('answers 404 for a user of another account and 401 without the service token', async () => {
    const other = await createOtherAccount(api.deps.modules.db, api.deps.ids);
    const res = await callInternal(
      api,
      'GET',
      `/internal/users/${other.agent.userId}/teams?account_id=${accountId}`,
    );
    expect(res.statusCode).toBe(404);
    // The member lookup the Messaging API uses to refuse a foreign assignee_id.
    const member = await callInternal(
      api,
      'GET',
      `/internal/users/${other.agent.userId}?account_id=${accountId}`,
    );
    expect(member.statusCode).toBe(404);
    const noToken = await callInternal(
      api,
      'GET',
      `/internal/users/${agent.userId}?account_id=${accountId}`,
      undefined,
      '',
    );
    expect(noToken.statusCode).toBe(401);
  });
});
