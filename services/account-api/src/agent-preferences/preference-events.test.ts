import { AgentPreferenceUpdatedData, EventEnvelope } from '@turumba/contracts';
import type { TestIdentity } from '@turumba/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAccountApi } from '../test-support';
import { call, preferenceEvents, type TestApi } from './test-helpers';
import { seedTwoTenants } from './two-tenants';

const now = new Date('2026-03-02T07:00:00Z');
let api: TestApi;
let admin: TestIdentity;
let agent1: TestIdentity;
let agent2: TestIdentity;
let dual: TestIdentity;
let acmeId: string;

beforeAll(async () => {
  api = await createTestAccountApi({ clock: () => now });
  // dual is an agent in Demo and an admin in Acme.
  ({ admin, agent1, agent2, dual } = await seedTwoTenants(api));
  acmeId = dual.accountIds.find((id) => id !== admin.accountIds[0])!;
});
afterAll(() => api?.cleanup());

const events = (who: TestIdentity) => preferenceEvents(api.deps.modules.db, who.userId);
const dataOf = (row: { payload: unknown }) =>
  AgentPreferenceUpdatedData.parse(EventEnvelope.parse(row.payload).data);

describe('agent.preference.updated', () => {
  it('is written to the outbox when the first PATCH creates the preferences', async () => {
    const res = await call(api, 'PATCH', '/v1/agent-preferences/me', agent1, { languages: ['am'] });
    const [row, ...rest] = await events(agent1);
    expect(rest).toEqual([]);
    expect(row).toMatchObject({
      routingKey: 'agent.preference.updated',
      accountId: admin.accountIds[0],
      aggregateType: 'agent_preferences',
      aggregateId: agent1.userId,
    });
    expect(EventEnvelope.parse(row!.payload).occurred_at).toBe(now.toISOString());
    expect(dataOf(row!)).toEqual({ user_id: agent1.userId, reason: 'created', preferences: res.json().data });
  });

  it.each([
    ['toggling is_available', { is_available: false }, 'availability_changed'],
    ['toggling it back', { is_available: true }, 'availability_changed'],
    ['changing anything else', { languages: ['am', 'en'] }, 'updated'],
    ['sending is_available unchanged', { is_available: true, auto_accept: true }, 'updated'],
  ])('records %s as %s', async (_name, body, reason) => {
    const before = (await events(agent1)).length;
    const res = await call(api, 'PATCH', '/v1/agent-preferences/me', agent1, body);
    const after = await events(agent1);
    expect(after).toHaveLength(before + 1);
    expect(dataOf(after.at(-1)!)).toEqual({ user_id: agent1.userId, reason, preferences: res.json().data });
  });

  it('is written once per account the user belongs to, each with its own account_id', async () => {
    await call(api, 'PATCH', '/v1/agent-preferences/me', dual, { auto_accept: true });
    const rows = await events(dual);
    expect(rows.map((r) => r.accountId).sort()).toEqual([admin.accountIds[0], acmeId].sort());
    expect(dataOf(rows[0]!)).toEqual(dataOf(rows[1]!));
  });

  it('records an admin create, and a delete with null preferences', async () => {
    await call(api, 'POST', '/v1/agent-preferences', admin, { user_id: agent2.userId });
    const deleted = await call(api, 'DELETE', `/v1/agent-preferences/${agent2.userId}`, admin);
    expect(deleted.statusCode).toBe(204);
    const reasons = (await events(agent2)).map((r) => dataOf(r).reason);
    expect(reasons).toEqual(['created', 'deleted']);
    expect(dataOf((await events(agent2)).at(-1)!).preferences).toBeNull();
  });

  it('is not written for a refused change: duplicate create, forbidden, invalid, or nothing to delete', async () => {
    const before = (await events(agent1)).length + (await events(agent2)).length;
    await call(api, 'POST', '/v1/agent-preferences', admin, { user_id: agent1.userId });
    await call(api, 'PATCH', `/v1/agent-preferences/${agent1.userId}`, agent2, { is_available: false });
    await call(api, 'PATCH', '/v1/agent-preferences/me', agent1, { max_concurrent_conversations: 0 });
    await call(api, 'DELETE', `/v1/agent-preferences/${agent2.userId}`, admin);
    expect((await events(agent1)).length + (await events(agent2)).length).toBe(before);
  });
});
