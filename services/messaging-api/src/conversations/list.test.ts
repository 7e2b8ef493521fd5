import { randomUUID } from 'node:crypto';
import { gatewayHeaders, type TestIdentity } from '@turumba/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestMessagingApi } from '../test-support';
import { conversations } from './tables';

let api: Awaited<ReturnType<typeof createTestMessagingApi>>;
const accountA = randomUUID();
const accountB = randomUUID();
const userA: TestIdentity = {
  userId: randomUUID(),
  accountIds: [accountA],
  accountRoles: { [accountA]: 'admin' },
};

beforeAll(async () => {
  api = await createTestMessagingApi();
  let displayId = 0;
  const row = (accountId: string, minutesAgo: number) => ({
    id: randomUUID(),
    accountId,
    displayId: ++displayId,
    channelId: randomUUID(),
    channelType: 'whatsapp' as const,
    contactIdentifier: `+2519${Math.floor(Math.random() * 1e8)}`,
    lastMessageAt: new Date(Date.now() - minutesAgo * 60_000),
  });
  await api.deps.infra.database.db
    .insert(conversations)
    .values([row(accountA, 5), row(accountA, 1), row(accountA, 3), row(accountB, 0)]);
});
afterAll(() => api?.cleanup());

function list(url: string, identity?: TestIdentity, extra: Record<string, string> = {}) {
  return api.app.inject({
    method: 'GET',
    url,
    headers: { ...gatewayHeaders('GET', url, identity), ...extra },
  });
}

describe('GET /v1/conversations', () => {
  it("lists only the caller's accounts, newest activity first, in the list envelope", async () => {
    const res = await list('/v1/conversations', userA);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.meta).toEqual({ total: 3, skip: 0, limit: 100 });
    expect(body.data.every((c: { account_id: string }) => c.account_id === accountA)).toBe(true);
    const times = body.data.map((c: { last_message_at: string }) => c.last_message_at);
    expect(times).toEqual([...times].sort().reverse());
    expect(body.data[0]).toMatchObject({ status: 'open', priority: 'normal', labels: [], metadata: {} });
  });

  it('pages with skip and limit and rejects a limit above 500', async () => {
    const page = (await list('/v1/conversations?skip=1&limit=1', userA)).json();
    expect(page.meta).toEqual({ total: 3, skip: 1, limit: 1 });
    expect(page.data).toHaveLength(1);
    expect((await list('/v1/conversations?limit=501', userA)).statusCode).toBe(422);
  });

  it('treats another tenant selected by X-Account-Id as not found', async () => {
    const res = await list('/v1/conversations', userA, { 'x-account-id': accountB });
    expect(res.statusCode).toBe(404);
  });

  it('rejects identity headers that the gateway did not sign', async () => {
    const url = '/v1/conversations';
    const signed = gatewayHeaders('GET', url, userA);
    const res = await api.app.inject({
      method: 'GET',
      url,
      headers: { ...signed, 'x-account-ids': accountB },
    });
    expect(res.statusCode).toBe(401);
    const unsigned = await api.app.inject({
      method: 'GET',
      url,
      headers: { 'x-user-id': userA.userId, 'x-account-ids': accountB },
    });
    expect(unsigned.statusCode).toBe(401);
  });

  it('answers 401 to a signed request without a user', async () => {
    expect((await list('/v1/conversations')).statusCode).toBe(401);
  });
});
