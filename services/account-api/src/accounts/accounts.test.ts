import { outboxEvents } from '@turumba/platform/outbox';
import type { TestIdentity } from '@turumba/platform/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAccountApi, identityOf, registerUser, send, type TestAccountApi } from '../test-support';

let api: TestAccountApi;
let admin: TestIdentity;
let agent: TestIdentity;
let demoId: string;

beforeAll(async () => {
  api = await createTestAccountApi();
  admin = await identityOf(api, 'admin@demo.local');
  agent = await identityOf(api, 'agent1@demo.local');
  demoId = admin.accountIds[0]!;
});
afterAll(() => api?.cleanup());

describe('/v1/accounts', () => {
  it('lists my accounts with my role in each', async () => {
    const res = await send(api, 'GET', '/v1/accounts', agent);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      success: true,
      data: [{ id: demoId, name: 'Demo', role: 'agent' }],
      meta: { total: 1, skip: 0, limit: 100 },
    });
  });

  it('reads one of my accounts', async () => {
    const res = await send(api, 'GET', `/v1/accounts/${demoId}`, agent);
    expect(res.json().data).toMatchObject({ id: demoId, name: 'Demo', role: 'agent' });
  });

  it('lets any user open an account, of which they become admin (201)', async () => {
    const res = await send(api, 'POST', '/v1/accounts', agent, { name: 'Side project' });
    expect(res.statusCode).toBe(201);
    const created = res.json().data;
    expect(created).toMatchObject({ name: 'Side project', role: 'admin' });
    const me = await identityOf(api, 'agent1@demo.local');
    expect(me.accountRoles).toEqual({ [demoId]: 'agent', [created.id]: 'admin' });
    const list = await send(api, 'GET', '/v1/accounts', me);
    expect(list.json().meta.total).toBe(2);
    const events = await api.deps.modules.db
      .select()
      .from(outboxEvents)
      .where(eq(outboxEvents.accountId, created.id));
    expect(events.map((e) => e.payload.data)).toEqual([
      expect.objectContaining({ user_id: agent.userId, reason: 'membership_changed', change: 'added' }),
    ]);
  });

  it('lets an admin rename the account and answers 403 to an agent', async () => {
    const forbidden = await send(api, 'PATCH', `/v1/accounts/${demoId}`, agent, { name: 'Nope' });
    expect(forbidden.statusCode).toBe(403);
    const res = await send(api, 'PATCH', `/v1/accounts/${demoId}`, admin, { name: 'Demo Support' });
    expect(res.statusCode).toBe(200);
    expect(res.json().data).toMatchObject({ id: demoId, name: 'Demo Support', role: 'admin' });
    const context = await identityOf(api, 'agent2@demo.local');
    expect(context.accountIds).toEqual([demoId]);
  });

  it('answers 422 for an empty name', async () => {
    const res = await send(api, 'PATCH', `/v1/accounts/${demoId}`, admin, { name: '  ' });
    expect(res.statusCode).toBe(422);
  });

  it('lets an admin delete an account (204), ending every membership with an event', async () => {
    const { identity: owner } = await registerUser(api, 'owner@example.com', 'Short-lived');
    const accountId = owner.accountIds[0]!;
    expect((await send(api, 'DELETE', `/v1/accounts/${accountId}`, agent)).statusCode).toBe(404);
    const res = await send(api, 'DELETE', `/v1/accounts/${accountId}`, owner);
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
    expect((await send(api, 'GET', `/v1/accounts/${accountId}`, owner)).statusCode).toBe(404);
    const fresh = await identityOf(api, 'owner@example.com', 'a-long-enough-password');
    expect(fresh.accountIds).toEqual([]);
    const events = await api.deps.modules.db
      .select()
      .from(outboxEvents)
      .where(eq(outboxEvents.accountId, accountId));
    expect(events.map((e) => e.payload.data.change)).toEqual(['added', 'removed']);
  });

  it('answers 403 to an agent deleting their account', async () => {
    expect((await send(api, 'DELETE', `/v1/accounts/${demoId}`, agent)).statusCode).toBe(403);
  });
});
