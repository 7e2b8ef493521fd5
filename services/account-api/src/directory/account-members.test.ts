import { randomUUID } from 'node:crypto';
import type { TestIdentity } from '@turumba/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountUsers, roles } from '../accounts/tables';
import { identityOf } from '../agent-preferences/test-helpers';
import { call, createOtherAccount, demoIdentities, type TestApi } from '../contacts/test-fixtures';
import { createTestAccountApi } from '../test-support';

let api: TestApi;
let admin: TestIdentity;
let agent: TestIdentity;
let demoId: string;
let other: Awaited<ReturnType<typeof createOtherAccount>>;
const url = (accountId: string, query = '') => `/v1/accounts/${accountId}/members${query}`;
const idsOf = (res: { json(): { data: Array<{ id: string }> } }) => res.json().data.map((m) => m.id);

beforeAll(async () => {
  api = await createTestAccountApi();
  ({ admin, agent1: agent, accountId: demoId } = await demoIdentities(api.deps.modules.db));
  other = await createOtherAccount(api.deps.modules.db, api.deps.ids);
});
afterAll(() => api?.cleanup());

describe('GET /v1/accounts/{id}/members', () => {
  it('lists the account’s members to an agent with names and roles, and no emails', async () => {
    const res = await call(api, 'GET', url(demoId), agent);
    expect(res.statusCode).toBe(200);
    const { data, meta } = res.json();
    expect(meta).toMatchObject({ total: data.length, skip: 0, limit: 100 });
    expect(data).toContainEqual({
      id: admin.userId,
      name: 'Demo Admin',
      role: 'admin',
      role_name: expect.any(String),
      is_active: true,
    });
    expect(data).toContainEqual(
      expect.objectContaining({ id: agent.userId, name: 'Agent One', role: 'agent' }),
    );
    for (const member of data) {
      expect(Object.keys(member).sort()).toEqual(['id', 'is_active', 'name', 'role', 'role_name']);
    }
    expect(res.body).not.toMatch(/@demo\.local|password|scrypt/);
    expect(data.map((m: { name: string }) => m.name)).toEqual(
      [...data.map((m: { name: string }) => m.name)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
    );
  });

  it('never lists another account’s users, and answers 404 for an account the caller is not in', async () => {
    const ours = await call(api, 'GET', url(demoId, '?limit=500'), agent);
    expect(idsOf(ours)).not.toContain(other.admin.userId);
    expect(idsOf(ours)).not.toContain(other.agent.userId);
    const theirs = await call(api, 'GET', url(other.accountId), agent);
    expect(theirs.statusCode).toBe(404);
    expect(theirs.json()).toMatchObject({ success: false, error: 'not_found' });
    expect((await call(api, 'GET', url(randomUUID()), admin)).statusCode).toBe(404);
  });

  it('answers each account’s own members to someone who belongs to both', async () => {
    const db = api.deps.modules.db;
    const otherAgentRole = (await db.select().from(roles)).find(
      (r) => r.accountId === other.accountId && r.key === 'agent',
    );
    await db.insert(accountUsers).values({
      id: api.deps.ids(),
      accountId: other.accountId,
      userId: agent.userId,
      roleId: otherAgentRole!.id,
    });
    const both = await identityOf(db, 'agent1@demo.local');
    expect(both.accountIds.sort()).toEqual([demoId, other.accountId].sort());
    const inOther = idsOf(await call(api, 'GET', url(other.accountId), both));
    expect(inOther.sort()).toEqual([other.admin.userId, other.agent.userId, agent.userId].sort());
    const inDemo = idsOf(await call(api, 'GET', url(demoId), both));
    expect(inDemo).not.toContain(other.admin.userId);
    expect(inDemo).toContain(admin.userId);
  });

  it('filters on name, role and is_active, and refuses a filter on email', async () => {
    const agents = await call(api, 'GET', url(demoId, '?filter=role:eq:agent&sort=name:desc'), agent);
    expect(agents.json().data.map((m: { name: string }) => m.name)).toEqual(['Agent Two', 'Agent One']);
    const byName = await call(api, 'GET', url(demoId, '?filter=name:icontains:admin'), agent);
    expect(idsOf(byName)).toEqual([admin.userId]);
    const byEmail = await call(api, 'GET', url(demoId, '?filter=email:eq:admin@demo.local'), agent);
    expect(byEmail.statusCode).toBe(400);
  });

  it('needs a signed-in user', async () => {
    expect((await call(api, 'GET', url(demoId))).statusCode).toBe(401);
  });
});
