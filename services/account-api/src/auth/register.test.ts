import { outboxEvents } from '@turumba/platform/outbox';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAccountApi, identityFromToken, send, type TestAccountApi } from '../test-support';

let api: TestAccountApi;

beforeAll(async () => {
  api = await createTestAccountApi();
});
afterAll(() => api?.cleanup());

const register = (body: Record<string, unknown>) => send(api, 'POST', '/v1/auth/register', undefined, body);
const valid = {
  email: 'Founder@Example.com',
  password: 'correct horse battery',
  name: 'Founder',
  account_name: 'Acme',
};

describe('POST /v1/auth/register', () => {
  it('creates the user, an account with the three built-in roles and an admin membership, and signs in', async () => {
    const res = await register(valid);
    expect(res.statusCode).toBe(201);
    const { data } = res.json();
    expect(data).toMatchObject({ token_type: 'Bearer', expires_in: 900 });
    const me = await identityFromToken(api, data.access_token);
    expect(me.accountIds).toHaveLength(1);
    const accountId = me.accountIds[0]!;
    expect(me.accountRoles).toEqual({ [accountId]: 'admin' });

    const roles = await send(api, 'GET', '/v1/roles', me);
    expect(
      roles
        .json()
        .data.map((r: { key: string }) => r.key)
        .sort(),
    ).toEqual(['admin', 'agent', 'supervisor']);
    const profile = (await send(api, 'GET', '/v1/users/me', me)).json().data;
    expect(profile).toMatchObject({ email: 'founder@example.com', name: 'Founder' });
    expect(profile.accounts).toEqual([
      expect.objectContaining({ account_id: accountId, name: 'Acme', role: 'admin' }),
    ]);
  });

  it('announces the new admin membership through the outbox', async () => {
    const res = await register({ ...valid, email: 'second@example.com', account_name: 'Beta' });
    const me = await identityFromToken(api, res.json().data.access_token);
    const events = await api.deps.modules.db
      .select()
      .from(outboxEvents)
      .where(eq(outboxEvents.aggregateId, me.userId));
    expect(events.map((e) => e.payload)).toEqual([
      expect.objectContaining({
        event_type: 'agent.preference.updated',
        account_id: me.accountIds[0],
        data: expect.objectContaining({
          user_id: me.userId,
          reason: 'membership_changed',
          change: 'added',
          role: 'admin',
        }),
      }),
    ]);
  });

  it('answers 409 for an email already registered, whatever its case, and creates nothing', async () => {
    const res = await register({ ...valid, email: 'ADMIN@demo.local', account_name: 'Dup' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ success: false, error: 'conflict' });
  });

  it('answers 422 for a password shorter than 10 characters and for missing fields', async () => {
    const weak = await register({ ...valid, email: 'weak@example.com', password: 'short' });
    expect(weak.statusCode).toBe(422);
    expect(weak.json().details.errors).toEqual([expect.objectContaining({ field: 'body.password' })]);
    const missing = await register({ email: 'x@example.com' });
    expect(missing.statusCode).toBe(422);
    const fields = missing
      .json()
      .details.errors.map((e: { field: string }) => e.field)
      .sort();
    expect(fields).toEqual(['body.account_name', 'body.name', 'body.password']);
  });
});
