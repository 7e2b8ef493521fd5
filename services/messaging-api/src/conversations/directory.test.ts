import { randomUUID } from 'node:crypto';
import { createMemoryKv } from '@turumba/platform/kv';
import { createSilentLogger } from '@turumba/platform/logger';
import { type FakeServer, startFakeServer, testServiceToken } from '@turumba/platform/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestMessagingApi } from '../test-support';
import { createHttpAccountDirectory } from './directory';
import { DirectoryUnavailable } from './errors';
import { type InboxKit, inboxKit, member } from './test-kit';

const account = randomUUID();
const user = randomUUID();
let accountApi: FakeServer;

beforeAll(async () => {
  accountApi = await startFakeServer();
});
afterAll(() => accountApi.close());
beforeEach(() => {
  accountApi.requests.length = 0;
});

const directoryOn = (url: string) =>
  createHttpAccountDirectory({
    accountApiUrl: url,
    serviceToken: testServiceToken,
    kv: createMemoryKv(),
    logger: createSilentLogger(),
    timeoutMs: 500,
  });
const found = { status: 200, body: { success: true, data: { id: user }, message: null } };
const missing = { status: 404, body: { success: false, error: 'not_found', message: 'User not found' } };

describe('the Account API directory checks', () => {
  it('asks the account-scoped internal routes with the service token and caches a yes', async () => {
    const team = randomUUID();
    const contact = randomUUID();
    accountApi.on('GET', `/internal/users/${user}`, () => found);
    accountApi.on('GET', `/internal/teams/${team}/members`, () => found);
    accountApi.on('GET', `/internal/contacts/${contact}`, () => found);
    const directory = directoryOn(accountApi.url);
    expect(await directory.isMember(account, user)).toBe(true);
    expect(await directory.isTeamOf(account, team)).toBe(true);
    expect(await directory.isContactOf(account, contact)).toBe(true);
    expect(await directory.isMember(account, user)).toBe(true);
    expect(accountApi.requests.map((r) => r.url)).toEqual([
      `/internal/users/${user}?account_id=${account}`,
      `/internal/teams/${team}/members?account_id=${account}`,
      `/internal/contacts/${contact}?account_id=${account}`,
    ]);
    expect(accountApi.requests.every((r) => r.headers['x-service-token'] === testServiceToken)).toBe(true);
  });

  it('says no on 404 without caching it, so a row created since is found', async () => {
    const directory = directoryOn(accountApi.url);
    const newcomer = randomUUID();
    accountApi.on('GET', `/internal/users/${newcomer}`, () => missing);
    expect(await directory.isMember(account, newcomer)).toBe(false);
    accountApi.on('GET', `/internal/users/${newcomer}`, () => found);
    expect(await directory.isMember(account, newcomer)).toBe(true);
    expect(accountApi.requests).toHaveLength(2);
  });

  it('throws DirectoryUnavailable on a failing or unreachable Account API, never a yes or a no', async () => {
    const broken = randomUUID();
    accountApi.on('GET', `/internal/contacts/${broken}`, () => ({ status: 500, body: {} }));
    await expect(directoryOn(accountApi.url).isContactOf(account, broken)).rejects.toBeInstanceOf(
      DirectoryUnavailable,
    );
    const gone = await startFakeServer();
    await gone.close();
    await expect(directoryOn(gone.url).isMember(account, user)).rejects.toBeInstanceOf(DirectoryUnavailable);
  });
});

describe('assigning through the API with the Account API directory', () => {
  let api: Awaited<ReturnType<typeof createTestMessagingApi>>;
  let kit: InboxKit;
  const admin = member(account, 'admin');
  const colleague = randomUUID();
  beforeAll(async () => {
    api = await createTestMessagingApi({ directory: directoryOn(accountApi.url) });
    kit = inboxKit(api);
  });
  afterAll(() => api?.cleanup());

  it('answers 503 while the Account API fails, 422 for a non-member, 200 for a member', async () => {
    const conv = await kit.conversation(admin, await kit.channel(account));
    const assign = () =>
      kit.call('POST', `/v1/conversations/${conv.id}/assign`, admin, { assignee_id: colleague });
    accountApi.on('GET', `/internal/users/${colleague}`, () => ({ status: 502, body: {} }));
    const down = await assign();
    expect(down).toMatchObject({ status: 503, body: { success: false, error: 'service_unavailable' } });
    accountApi.on('GET', `/internal/users/${colleague}`, () => missing);
    expect(await assign()).toMatchObject({
      status: 422,
      body: { details: { errors: [{ field: 'body.assignee_id', message: 'Not a user of this account' }] } },
    });
    expect((await kit.call('GET', `/v1/conversations/${conv.id}`, admin)).body.data.assignee_id).toBeNull();
    accountApi.on('GET', `/internal/users/${colleague}`, () => found);
    expect((await assign()).body.data).toMatchObject({ assignee_id: colleague });
  });
});
