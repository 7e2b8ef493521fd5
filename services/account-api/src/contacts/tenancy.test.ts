import type { TestIdentity } from '@turumba/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAccountApi } from '../test-support';
import { call, callInternal, createOtherAccount, demoIdentities, type TestApi } from './test-fixtures';

// Another tenant's contact is 404 on every route and never shows in a list or a total (ARCHITECTURE.md §4).
let api: TestApi;
let demoAdmin: TestIdentity;
let otherAdmin: TestIdentity;
let demoAccount: string;
let otherAccount: string;
let demoContact: string;
let otherContact: string;

beforeAll(async () => {
  api = await createTestAccountApi();
  const { db } = api.deps.modules;
  ({ admin: demoAdmin, accountId: demoAccount } = await demoIdentities(db));
  ({ admin: otherAdmin, accountId: otherAccount } = await createOtherAccount(db, api.deps.ids));
  const phone = '+251911400001';
  demoContact = (await call(api, 'POST', '/v1/contacts', demoAdmin, { name: 'Demo', phone })).json().data.id;
  otherContact = (await call(api, 'POST', '/v1/contacts', otherAdmin, { name: 'Other', phone })).json().data
    .id;
});
afterAll(() => api?.cleanup());

describe('contacts across accounts', () => {
  it('lets two accounts hold the same phone, each listing only its own contact with its own total', async () => {
    const demo = (await call(api, 'GET', '/v1/contacts?q=911400001', demoAdmin)).json();
    const other = (await call(api, 'GET', '/v1/contacts', otherAdmin)).json();
    expect(demo.data.map((c: { id: string }) => c.id)).toEqual([demoContact]);
    expect(demo.meta.total).toBe(1);
    expect(other.data.map((c: { id: string }) => c.id)).toEqual([otherContact]);
    expect(other.meta.total).toBe(1);
  });

  it.each([
    ['GET', ''],
    ['PATCH', ''],
    ['DELETE', ''],
    ['POST', '/merge'],
    ['POST', '/unmerge'],
  ] as const)('answers %s /v1/contacts/{other tenant id}%s with 404', async (method, suffix) => {
    const payload =
      method === 'GET' || method === 'DELETE'
        ? undefined
        : suffix === '/merge'
          ? { other_contact_id: demoContact }
          : {};
    const res = await call(api, method, `/v1/contacts/${otherContact}${suffix}`, demoAdmin, payload);
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toBe('not_found');
  });

  it('answers a merge of another tenant’s contact into one of ours with 404 and leaves both live', async () => {
    const res = await call(api, 'POST', `/v1/contacts/${demoContact}/merge`, demoAdmin, {
      other_contact_id: otherContact,
    });
    expect(res.statusCode).toBe(404);
    const other = await call(api, 'GET', `/v1/contacts/${otherContact}`, otherAdmin);
    expect(other.json().data.merged_into_id).toBeNull();
  });

  it('answers X-Account-Id naming another tenant with 404 on list and create', async () => {
    const header = { 'x-account-id': otherAccount };
    expect((await call(api, 'GET', '/v1/contacts', demoAdmin, undefined, header)).statusCode).toBe(404);
    expect((await call(api, 'POST', '/v1/contacts', demoAdmin, { name: 'X' }, header)).statusCode).toBe(404);
  });

  it('upserts per account: the same phone in another account is another contact', async () => {
    const url = '/internal/contacts/upsert';
    const res = await callInternal(api, 'POST', url, { account_id: otherAccount, phone: '+251911400001' });
    expect(res.json().data).toMatchObject({ created: false, contact: { id: otherContact } });
    const internal = await callInternal(
      api,
      'GET',
      `/internal/contacts/${otherContact}?account_id=${demoAccount}`,
    );
    expect(internal.statusCode).toBe(404);
  });
});
