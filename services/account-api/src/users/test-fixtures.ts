import { outboxEvents } from '@turumba/platform/outbox';
import { and, eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { createTestAccountApi, identityOf, send, type TestAccountApi } from '../test-support';

/** The Demo account plus a supervisor (added through the API): admin, supervisor and agent1. */
export async function setUpUsers() {
  const api = await createTestAccountApi();
  const admin = await identityOf(api, 'admin@demo.local');
  const agent = await identityOf(api, 'agent1@demo.local');
  const body = {
    email: 'sup@demo.local',
    name: 'Sue Pervisor',
    role: 'supervisor',
    password: 'supervisor-pass',
  };
  expect((await send(api, 'POST', '/v1/users', admin, body)).statusCode).toBe(201);
  const supervisor = await identityOf(api, 'sup@demo.local', 'supervisor-pass');
  return { api, admin, agent, supervisor, demoId: admin.accountIds[0]! };
}

/** The `agent.preference.updated` envelopes about one user, oldest first. */
export async function membershipEvents(api: TestAccountApi, userId: string) {
  const rows = await api.deps.modules.db
    .select()
    .from(outboxEvents)
    .where(and(eq(outboxEvents.aggregateId, userId), eq(outboxEvents.eventType, 'agent.preference.updated')))
    .orderBy(outboxEvents.createdAt);
  return rows.map((r) => r.payload);
}
