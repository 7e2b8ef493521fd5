import type { TestIdentity } from '@turumba/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAccountApi } from '../test-support';
import { call, demoIdentities, outboxOf, type TestApi } from './test-fixtures';

let api: TestApi;
let admin: TestIdentity;
let agent: TestIdentity;
let accountId: string;

beforeAll(async () => {
  api = await createTestAccountApi();
  ({ admin, agent1: agent, accountId } = await demoIdentities(api.deps.modules.db));
});
afterAll(() => api?.cleanup());

const create = (payload: unknown, as = agent) => call(api, 'POST', '/v1/contacts', as, payload);

describe('POST /v1/contacts', () => {
  it('creates a contact with the phone in E.164, the email lower-cased and labels deduplicated', async () => {
    const res = await create({
      name: '  Abebe Kebede ',
      phone: '+251 91 123 4567',
      email: 'Abebe@Example.COM',
      labels: ['vip', ' vip ', 'billing'],
      properties: { tier: 'gold' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().data).toMatchObject({
      account_id: accountId,
      name: 'Abebe Kebede',
      phone: '+251911234567',
      email: 'abebe@example.com',
      labels: ['vip', 'billing'],
      properties: { tier: 'gold' },
      merged_into_id: null,
    });
  });

  it('parses a national number with default_country', async () => {
    const res = await create({ phone: '0911 000 111', default_country: 'et' });
    expect(res.statusCode).toBe(201);
    expect(res.json().data.phone).toBe('+251911000111');
  });

  it('emits contact.created through the outbox with the contact', async () => {
    const res = await create({ name: 'Evented', email: 'evented@example.com' });
    const id = res.json().data.id;
    const events = await outboxOf(api.deps.modules.db, 'contact.created');
    const event = events.find((e) => e.aggregateId === id);
    expect(event?.payload).toMatchObject({
      account_id: accountId,
      aggregate_type: 'contact',
      data: { source: 'api', contact: { id, email: 'evented@example.com' } },
    });
  });

  it.each([
    [{ phone: '12345' }, 'body.phone'],
    [{ phone: '0911000111' }, 'body.phone'],
    [{ phone: '0911000111', default_country: 'XX' }, 'body.default_country'],
    [{ email: 'not-an-email' }, 'body.email'],
    [{ labels: 'vip' }, 'body.labels'],
    [{ labels: ['x'.repeat(51)] }, 'body.labels.0'],
    [{ name: 'n', properties: { blob: 'x'.repeat(17_000) } }, 'body.properties'],
    [{ labels: ['vip'] }, 'body.name'],
  ])('answers %j with 422 naming %s', async (payload, field) => {
    const res = await create(payload);
    expect(res.statusCode).toBe(422);
    expect(res.json().details.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('answers a duplicate phone or email in the account with 409 naming the field', async () => {
    await create({ phone: '+251911555001', email: 'dup@example.com' });
    const phone = await create({ phone: '+251 911 555 001' });
    const email = await create({ email: 'DUP@example.com' });
    expect([phone.statusCode, email.statusCode]).toEqual([409, 409]);
    expect(phone.json().details).toEqual({ field: 'phone' });
    expect(email.json().details).toEqual({ field: 'email' });
  });
});

describe('GET, PATCH and DELETE /v1/contacts/{id}', () => {
  it('reads, updates and clears fields of a contact', async () => {
    const id = (await create({ name: 'Patchy', phone: '+251911555101' })).json().data.id;
    const url = `/v1/contacts/${id}`;
    expect((await call(api, 'GET', url, agent)).json().data.name).toBe('Patchy');
    const res = await call(api, 'PATCH', url, agent, { phone: null, email: 'P@x.io', labels: ['a', 'a'] });
    expect(res.statusCode).toBe(200);
    expect(res.json().data).toMatchObject({ name: 'Patchy', phone: null, email: 'p@x.io', labels: ['a'] });
  });

  it('answers a PATCH taking another contact’s phone with 409 and an invalid phone with 422', async () => {
    await create({ phone: '+251911555201' });
    const id = (await create({ name: 'Other' })).json().data.id;
    const taken = await call(api, 'PATCH', `/v1/contacts/${id}`, agent, { phone: '+251911555201' });
    expect(taken.statusCode).toBe(409);
    const invalid = await call(api, 'PATCH', `/v1/contacts/${id}`, agent, { phone: 'abc' });
    expect(invalid.statusCode).toBe(422);
  });

  it('answers 404 for an unknown id and 422 for a malformed one', async () => {
    const unknown = await call(api, 'GET', '/v1/contacts/00000000-0000-4000-8000-000000000000', agent);
    expect(unknown.statusCode).toBe(404);
    expect((await call(api, 'GET', '/v1/contacts/nope', agent)).statusCode).toBe(422);
  });

  it('lets admins delete (204) but not agents (403)', async () => {
    const id = (await create({ name: 'Doomed' })).json().data.id;
    const url = `/v1/contacts/${id}`;
    expect((await call(api, 'DELETE', url, agent)).statusCode).toBe(403);
    const deleted = await call(api, 'DELETE', url, admin);
    expect(deleted.statusCode).toBe(204);
    expect(deleted.body).toBe('');
    expect((await call(api, 'GET', url, admin)).statusCode).toBe(404);
  });

  it('frees the phone of a deleted contact for a new one', async () => {
    const id = (await create({ phone: '+251911555301' })).json().data.id;
    await call(api, 'DELETE', `/v1/contacts/${id}`, admin);
    expect((await create({ phone: '+251911555301' })).statusCode).toBe(201);
  });

  it('answers 401 to a signed request without a user', async () => {
    expect((await call(api, 'GET', '/v1/contacts')).statusCode).toBe(401);
  });
});
