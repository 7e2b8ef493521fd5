import type { TestIdentity } from '@turumba/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityOf, loginAs, send, type TestAccountApi } from '../test-support';
import { membershipEvents as eventsIn, setUpUsers } from './test-fixtures';

let api: TestAccountApi;
let admin: TestIdentity;
let agent: TestIdentity;
let supervisor: TestIdentity;
let demoId: string;

const addUser = (body: Record<string, unknown>, as = admin) => send(api, 'POST', '/v1/users', as, body);
const membershipEvents = (userId: string) => eventsIn(api, userId);
const q = (filters: string) => `/v1/users?${filters}`;

beforeAll(async () => {
  ({ api, admin, agent, supervisor, demoId } = await setUpUsers());
});
afterAll(() => api?.cleanup());

describe('GET /v1/users', () => {
  it('lists the members of my account for admins and supervisors, never with a password hash', async () => {
    for (const who of [admin, supervisor]) {
      const res = await send(api, 'GET', '/v1/users', who);
      expect(res.statusCode).toBe(200);
      const { data, meta } = res.json();
      expect(meta).toMatchObject({ total: 4, skip: 0, limit: 100 });
      expect(data).toContainEqual(
        expect.objectContaining({
          email: 'admin@demo.local',
          role: 'admin',
          account_id: demoId,
          is_active: true,
        }),
      );
      expect(JSON.stringify(data)).not.toMatch(/password|scrypt/);
    }
  });

  it('filters by email, name, role and created_at and sorts', async () => {
    const byRole = await send(api, 'GET', q('filter=role:eq:agent&sort=email:desc'), admin);
    expect(byRole.json().data.map((u: { email: string }) => u.email)).toEqual([
      'agent2@demo.local',
      'agent1@demo.local',
    ]);
    const byName = await send(api, 'GET', q('filter=name:icontains:pervis'), admin);
    expect(byName.json().meta.total).toBe(1);
    const byEmail = await send(
      api,
      'GET',
      q('filter=email:in:admin@demo.local,agent1@demo.local&sort=name:asc'),
      admin,
    );
    expect(byEmail.json().data.map((u: { name: string }) => u.name)).toEqual(['Agent One', 'Demo Admin']);
    const byDate = await send(
      api,
      'GET',
      q('filter=created_at:ge:2000-01-01T00:00:00Z&limit=1&skip=1'),
      admin,
    );
    expect(byDate.json()).toMatchObject({ meta: { total: 4, skip: 1, limit: 1 } });
    expect(byDate.json().data).toHaveLength(1);
  });

  it('answers 400 for a field or operator that is not allowed', async () => {
    expect((await send(api, 'GET', q('filter=password_hash:eq:x'), admin)).statusCode).toBe(400);
    expect((await send(api, 'GET', q('sort=is_active:asc'), admin)).statusCode).toBe(400);
  });

  it('answers 403 to an agent', async () => {
    expect((await send(api, 'GET', '/v1/users', agent)).statusCode).toBe(403);
  });
});

describe('POST /v1/users', () => {
  it('creates a new user with a password and a role, who can then sign in, and announces it', async () => {
    const res = await addUser({
      email: 'New.Agent@Demo.local',
      name: 'New Agent',
      role: 'agent',
      password: 'new-agent-pass',
    });
    expect(res.statusCode).toBe(201);
    const member = res.json().data;
    expect(member).toMatchObject({ email: 'new.agent@demo.local', role: 'agent', account_id: demoId });
    await loginAs(api, 'new.agent@demo.local', 'new-agent-pass');
    const events = await membershipEvents(member.id);
    expect(events).toEqual([
      expect.objectContaining({
        account_id: demoId,
        aggregate_type: 'user',
        aggregate_id: member.id,
        data: {
          user_id: member.id,
          reason: 'membership_changed',
          change: 'added',
          role: 'agent',
          is_active: true,
        },
      }),
    ]);
  });

  it('links an existing user by email without touching their name or password', async () => {
    const other = await send(api, 'POST', '/v1/accounts', agent, { name: 'Agent One Co' });
    const otherId = other.json().data.id;
    const owner = await identityOf(api, 'agent1@demo.local');
    const res = await send(
      api,
      'POST',
      '/v1/users',
      owner,
      { email: 'agent2@demo.local', name: 'Renamed', password: 'attacker-password' },
      { 'x-account-id': otherId },
    );
    expect(res.statusCode).toBe(201);
    expect(res.json().data).toMatchObject({
      email: 'agent2@demo.local',
      name: 'Agent Two',
      account_id: otherId,
      role: 'agent',
    });
    const linked = await identityOf(api, 'agent2@demo.local');
    expect(linked.accountIds.sort()).toEqual([demoId, otherId].sort());
    expect(
      (
        await send(api, 'POST', '/v1/auth/login', undefined, {
          email: 'agent2@demo.local',
          password: 'attacker-password',
        })
      ).statusCode,
    ).toBe(401);
  });

  it('answers 409 for someone already a member, 422 for a new email without password or an unknown role', async () => {
    expect((await addUser({ email: 'agent1@demo.local', name: 'x', role: 'agent' })).statusCode).toBe(409);
    const noPassword = await addUser({ email: 'nopass@demo.local', name: 'x' });
    expect(noPassword.statusCode).toBe(422);
    expect(noPassword.json().details.errors).toEqual([expect.objectContaining({ field: 'body.password' })]);
    const badRole = await addUser({
      email: 'badrole@demo.local',
      name: 'x',
      role: 'wizard',
      password: 'long-enough-pw',
    });
    expect(badRole.statusCode).toBe(422);
    expect((await addUser({ email: 'weak@demo.local', name: 'x', password: 'short' })).statusCode).toBe(422);
  });

  it('answers 403 to supervisors and agents', async () => {
    const body = { email: 'x@demo.local', name: 'x', password: 'long-enough-pw' };
    expect((await addUser(body, supervisor)).statusCode).toBe(403);
    expect((await addUser(body, agent)).statusCode).toBe(403);
  });
});
