import type { TestIdentity } from '@turumba/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAccountApi } from '../test-support';
import { call, type TestApi } from './test-helpers';
import { type Member, seedTwoTenants } from './two-tenants';

/* Every agent-ish member has saved preferences with their name as the only topic. */
let api: TestApi;
let who: Record<Member, TestIdentity>;
const url = (member: Member) => `/v1/agent-preferences/${who[member].userId}`;
const topicsIn = (res: { json(): { data: Array<{ available_topics: string[] }> } }) =>
  res
    .json()
    .data.flatMap((p) => p.available_topics)
    .sort();

beforeAll(async () => {
  api = await createTestAccountApi();
  who = await seedTwoTenants(api);
  for (const member of ['agent1', 'agent2', 'acmeAgent', 'dual'] as const) {
    const body = { available_topics: [member.toLowerCase()] };
    await call(api, 'PATCH', '/v1/agent-preferences/me', who[member], body);
  }
});
afterAll(() => api?.cleanup());

describe('agents', () => {
  it.each<[string, 'GET' | 'PATCH' | 'DELETE']>([
    ['read', 'GET'],
    ['update', 'PATCH'],
    ['delete', 'DELETE'],
  ])("may not %s a colleague's preferences (403)", async (_verb, method) => {
    const res = await call(
      api,
      method,
      url('agent2'),
      who.agent1,
      method === 'PATCH' ? { auto_accept: true } : undefined,
    );
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toBe('forbidden');
  });

  it("may not create a colleague's preferences or list the account's (403)", async () => {
    const created = await call(api, 'POST', '/v1/agent-preferences', who.agent1, {
      user_id: who.agent2.userId,
    });
    const listed = await call(api, 'GET', '/v1/agent-preferences', who.agent1);
    expect([created.statusCode, listed.statusCode]).toEqual([403, 403]);
  });

  it('may read and update their own by id', async () => {
    expect((await call(api, 'GET', url('agent1'), who.agent1)).statusCode).toBe(200);
    const res = await call(api, 'PATCH', url('agent1'), who.agent1, { max_concurrent_conversations: 3 });
    expect(res.json().data.max_concurrent_conversations).toBe(3);
  });
});

describe('supervisors', () => {
  it("read and list their members' preferences but may not change them", async () => {
    expect((await call(api, 'GET', url('agent2'), who.supervisor)).statusCode).toBe(200);
    expect((await call(api, 'GET', '/v1/agent-preferences', who.supervisor)).statusCode).toBe(200);
    expect((await call(api, 'PATCH', url('agent2'), who.supervisor, { auto_accept: true })).statusCode).toBe(
      403,
    );
  });
});

describe('tenant isolation', () => {
  it.each<[string, 'GET' | 'PATCH' | 'DELETE']>([
    ['read', 'GET'],
    ['update', 'PATCH'],
    ['delete', 'DELETE'],
  ])("another account's admin may not %s a Demo agent's preferences: 404, not 403", async (_verb, method) => {
    const res = await call(
      api,
      method,
      url('agent1'),
      who.acmeAdmin,
      method === 'PATCH' ? { auto_accept: true } : undefined,
    );
    expect(res.statusCode).toBe(404);
  });

  it("another account's admin may not create preferences for a Demo user (404)", async () => {
    const res = await call(api, 'POST', '/v1/agent-preferences', who.acmeAdmin, {
      user_id: who.admin.userId,
    });
    expect(res.statusCode).toBe(404);
  });

  it('an agent gets 404, not 403, for a user outside their accounts', async () => {
    expect((await call(api, 'GET', url('acmeAgent'), who.agent1)).statusCode).toBe(404);
  });

  it("left the Demo agent's preferences untouched", async () => {
    const res = await call(api, 'GET', url('agent1'), who.admin);
    expect(res.json().data).toMatchObject({ available_topics: ['agent1'], auto_accept: false });
  });

  it("lists only the caller's accounts' members, in the data and in the total", async () => {
    const demo = await call(api, 'GET', '/v1/agent-preferences', who.admin);
    expect(topicsIn(demo)).toEqual(['agent1', 'agent2', 'dual']);
    expect(demo.json().meta).toEqual({ total: 3, skip: 0, limit: 100 });
    const acme = await call(api, 'GET', '/v1/agent-preferences', who.acmeAdmin);
    expect(topicsIn(acme)).toEqual(['acmeagent', 'dual']);
    expect(acme.json().meta.total).toBe(2);
  });

  it('shows a member of both accounts to both admins', async () => {
    expect((await call(api, 'GET', url('dual'), who.admin)).statusCode).toBe(200);
    expect((await call(api, 'GET', url('dual'), who.acmeAdmin)).statusCode).toBe(200);
  });

  it('gives an admin of one account and agent of another the rights of each role in each account', async () => {
    expect((await call(api, 'GET', url('acmeAgent'), who.dual)).statusCode).toBe(200);
    expect((await call(api, 'GET', url('agent1'), who.dual)).statusCode).toBe(403);
    expect(topicsIn(await call(api, 'GET', '/v1/agent-preferences', who.dual))).toEqual([
      'acmeagent',
      'dual',
    ]);
  });

  it('narrows to the account named by X-Account-Id, and answers 404 for an account not theirs', async () => {
    const demoId = who.admin.accountIds[0]!;
    const acmeId = who.acmeAdmin.accountIds[0]!;
    const asAgent = await call(api, 'GET', '/v1/agent-preferences', who.dual, undefined, {
      'x-account-id': demoId,
    });
    expect(asAgent.statusCode).toBe(403);
    const foreign = await call(api, 'GET', '/v1/agent-preferences', who.admin, undefined, {
      'x-account-id': acmeId,
    });
    expect(foreign.statusCode).toBe(404);
  });
});
