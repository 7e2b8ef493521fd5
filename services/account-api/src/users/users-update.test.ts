import type { TestIdentity } from '@turumba/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityOf, send, type TestAccountApi } from '../test-support';
import { membershipEvents as eventsIn, setUpUsers } from './test-fixtures';

let api: TestAccountApi;
let admin: TestIdentity;
let agent: TestIdentity;
let supervisor: TestIdentity;
let demoId: string;

const addUser = (body: Record<string, unknown>, as = admin) => send(api, 'POST', '/v1/users', as, body);
const membershipEvents = (userId: string) => eventsIn(api, userId);

beforeAll(async () => {
  ({ api, admin, agent, supervisor, demoId } = await setUpUsers());
  // agent2 also belongs to an account of agent1's: their user record is not Demo's alone.
  const other = (await send(api, 'POST', '/v1/accounts', agent, { name: 'Agent One Co' })).json().data;
  const owner = await identityOf(api, 'agent1@demo.local');
  const link = { email: 'agent2@demo.local', name: 'Agent Two' };
  expect((await send(api, 'POST', '/v1/users', owner, link, { 'x-account-id': other.id })).statusCode).toBe(
    201,
  );
});
afterAll(() => api?.cleanup());

describe('PATCH /v1/users/{id}', () => {
  it("changes a member's role, announces it, and the member's context shows it at once", async () => {
    const target = await identityOf(api, 'agent2@demo.local');
    const res = await send(
      api,
      'PATCH',
      `/v1/users/${target.userId}`,
      admin,
      { role: 'supervisor' },
      { 'x-account-id': demoId },
    );
    expect(res.statusCode).toBe(200);
    expect(res.json().data).toMatchObject({ id: target.userId, role: 'supervisor', account_id: demoId });
    expect((await identityOf(api, 'agent2@demo.local')).accountRoles?.[demoId]).toBe('supervisor');
    const changes = (await membershipEvents(target.userId)).filter((e) => e.account_id === demoId);
    expect(changes.at(-1)?.data).toMatchObject({ change: 'role_changed', role: 'supervisor' });
  });

  it('lets a user change their own name but not their role; 403 for another member', async () => {
    const own = await send(
      api,
      'PATCH',
      `/v1/users/${agent.userId}`,
      agent,
      { name: 'Agent Uno' },
      { 'x-account-id': demoId },
    );
    expect(own.statusCode).toBe(200);
    expect(own.json().data.name).toBe('Agent Uno');
    const role = await send(
      api,
      'PATCH',
      `/v1/users/${agent.userId}`,
      agent,
      { role: 'admin' },
      { 'x-account-id': demoId },
    );
    expect(role.statusCode).toBe(403);
    const other = await send(
      api,
      'PATCH',
      `/v1/users/${admin.userId}`,
      agent,
      { name: 'Hacked' },
      { 'x-account-id': demoId },
    );
    expect(other.statusCode).toBe(403);
  });

  it('deactivates a member (they can no longer sign in) and reactivates them, with events', async () => {
    const added = await addUser({ email: 'temp@demo.local', name: 'Temp', password: 'temp-password' });
    const id = added.json().data.id;
    const off = await send(api, 'PATCH', `/v1/users/${id}`, admin, { is_active: false });
    expect(off.statusCode).toBe(200);
    expect(off.json().data.is_active).toBe(false);
    expect(
      (
        await send(api, 'POST', '/v1/auth/login', undefined, {
          email: 'temp@demo.local',
          password: 'temp-password',
        })
      ).statusCode,
    ).toBe(401);
    await send(api, 'PATCH', `/v1/users/${id}`, admin, { is_active: true });
    const changes = (await membershipEvents(id)).map((e) => e.data.change);
    expect(changes).toEqual(['added', 'deactivated', 'reactivated']);
  });

  it('refuses to rename or deactivate someone who also belongs to other accounts (403): it is their record', async () => {
    const shared = await identityOf(api, 'agent2@demo.local');
    const rename = await send(
      api,
      'PATCH',
      `/v1/users/${shared.userId}`,
      admin,
      { name: 'X' },
      { 'x-account-id': demoId },
    );
    expect(rename.statusCode).toBe(403);
    const deactivate = await send(
      api,
      'PATCH',
      `/v1/users/${shared.userId}`,
      admin,
      { is_active: false },
      { 'x-account-id': demoId },
    );
    expect(deactivate.statusCode).toBe(403);
  });

  it('never demotes or deactivates the last active admin (409)', async () => {
    const demote = await send(
      api,
      'PATCH',
      `/v1/users/${admin.userId}`,
      admin,
      { role: 'agent' },
      { 'x-account-id': demoId },
    );
    expect(demote.statusCode).toBe(409);
    const deactivate = await send(
      api,
      'PATCH',
      `/v1/users/${admin.userId}`,
      admin,
      { is_active: false },
      { 'x-account-id': demoId },
    );
    expect(deactivate.statusCode).toBe(409);
  });
});

describe('DELETE /v1/users/{id}', () => {
  it('removes the membership only (204): the user still exists and keeps their other accounts', async () => {
    const target = await identityOf(api, 'agent2@demo.local');
    const res = await send(api, 'DELETE', `/v1/users/${target.userId}`, admin, undefined, {
      'x-account-id': demoId,
    });
    expect(res.statusCode).toBe(204);
    const after = await identityOf(api, 'agent2@demo.local');
    expect(after.accountIds).not.toContain(demoId);
    expect(after.accountIds).toHaveLength(1);
    expect(
      (await send(api, 'GET', `/v1/users/${target.userId}`, admin, undefined, { 'x-account-id': demoId }))
        .statusCode,
    ).toBe(404);
    const removed = (await membershipEvents(target.userId)).filter((e) => e.account_id === demoId).at(-1);
    expect(removed?.data).toMatchObject({ change: 'removed', role: null, is_active: false });
  });

  it('never removes the last admin (409), and answers 403 to non-admins', async () => {
    expect(
      (await send(api, 'DELETE', `/v1/users/${admin.userId}`, admin, undefined, { 'x-account-id': demoId }))
        .statusCode,
    ).toBe(409);
    expect((await send(api, 'DELETE', `/v1/users/${admin.userId}`, supervisor)).statusCode).toBe(403);
  });

  it('lets an admin leave once another admin exists', async () => {
    await send(api, 'PATCH', `/v1/users/${supervisor.userId}`, admin, { role: 'admin' });
    expect(
      (await send(api, 'DELETE', `/v1/users/${admin.userId}`, admin, undefined, { 'x-account-id': demoId }))
        .statusCode,
    ).toBe(204);
  });
});
