import type { TestIdentity } from '@turumba/platform/testing';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAccountApi } from '../test-support';
import { contacts } from './tables';
import { call, callInternal, demoIdentities, outboxOf, type TestApi } from './test-fixtures';

let api: TestApi;
let admin: TestIdentity;
let accountId: string;

beforeAll(async () => {
  api = await createTestAccountApi();
  ({ admin, accountId } = await demoIdentities(api.deps.modules.db));
});
afterAll(() => api?.cleanup());

const upsert = (body: object) =>
  callInternal(api, 'POST', '/internal/contacts/upsert', { account_id: accountId, ...body });

describe('POST /internal/contacts/upsert', () => {
  it('creates a contact (201, created: true) and emits contact.created with the channel identity', async () => {
    const res = await upsert({
      phone: '+251911300001',
      name: 'Tigist',
      channel_type: 'sms',
      identifier: '+251911300001',
    });
    expect(res.statusCode).toBe(201);
    const { contact, created } = res.json().data;
    expect(created).toBe(true);
    expect(contact).toMatchObject({ account_id: accountId, phone: '+251911300001', name: 'Tigist' });
    const event = (await outboxOf(api.deps.modules.db, 'contact.created')).find(
      (e) => e.aggregateId === contact.id,
    );
    expect(event?.payload.data).toMatchObject({
      source: 'upsert',
      channel_type: 'sms',
      identifier: '+251911300001',
    });
  });

  it('links a WhatsApp id and an SMS number of one person to one contact', async () => {
    const wa = await upsert({ channel_type: 'whatsapp', identifier: '251911300002', name: 'Yonas' });
    const sms = await upsert({ channel_type: 'sms', identifier: '+251911300002' });
    expect(wa.statusCode).toBe(201);
    expect(sms.statusCode).toBe(200);
    expect(sms.json().data).toMatchObject({
      created: false,
      contact: { id: wa.json().data.contact.id, phone: '+251911300002' },
    });
  });

  it('fills a found contact’s missing fields and properties but never overwrites them', async () => {
    await upsert({ phone: '+251911300003', name: 'Original', properties: { tier: 'gold' } });
    const res = await upsert({
      phone: '+251911300003',
      name: 'Other',
      email: 'Orig@x.io',
      properties: { tier: 'x', lang: 'am' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().data.contact).toMatchObject({
      name: 'Original',
      email: 'orig@x.io',
      properties: { tier: 'gold', lang: 'am' },
    });
  });

  it('finds by email when the phone is unknown, and adds the phone to that contact', async () => {
    const first = (await upsert({ channel_type: 'email', identifier: 'Mekdes@Mail.io' })).json().data.contact;
    expect(first.email).toBe('mekdes@mail.io');
    const res = await upsert({ phone: '+251911300004', email: 'mekdes@mail.io' });
    expect(res.json().data).toMatchObject({
      created: false,
      contact: { id: first.id, phone: '+251911300004' },
    });
  });

  it('leaves an email that another contact holds with that contact', async () => {
    await upsert({ email: 'taken@mail.io' });
    await upsert({ phone: '+251911300005' });
    const res = await upsert({ phone: '+251911300005', email: 'taken@mail.io' });
    expect(res.statusCode).toBe(200);
    expect(res.json().data.contact).toMatchObject({ phone: '+251911300005', email: null });
  });

  it('creates a new contact for an identity without phone or email', async () => {
    const one = await upsert({ channel_type: 'telegram', identifier: '12345', name: 'Tg' });
    const two = await upsert({ channel_type: 'telegram', identifier: '67890', name: 'Tg' });
    expect([one.statusCode, two.statusCode]).toEqual([201, 201]);
  });

  it('makes exactly one contact from 20 concurrent upserts of one phone', async () => {
    const phone = '+251911300006';
    const results = await Promise.all(Array.from({ length: 20 }, () => upsert({ phone, name: 'Racer' })));
    expect(results.every((r) => r.statusCode === 200 || r.statusCode === 201)).toBe(true);
    const ids = new Set(results.map((r) => r.json().data.contact.id));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => r.json().data.created)).toHaveLength(1);
    const rows = await api.deps.modules.db
      .select()
      .from(contacts)
      .where(and(eq(contacts.accountId, accountId), eq(contacts.phone, phone)));
    expect(rows).toHaveLength(1);
    const events = await outboxOf(api.deps.modules.db, 'contact.created');
    expect(events.filter((e) => e.aggregateId === rows[0]!.id)).toHaveLength(1);
  });

  it('resolves the phone of a merged contact to its survivor instead of creating a duplicate', async () => {
    const survivor = (await upsert({ phone: '+251911300007' })).json().data.contact.id;
    const other = (await upsert({ phone: '+251911300008' })).json().data.contact.id;
    await call(api, 'POST', `/v1/contacts/${survivor}/merge`, admin, { other_contact_id: other });
    const res = await upsert({ phone: '+251911300008' });
    expect(res.json().data).toMatchObject({ created: false, contact: { id: survivor } });
  });

  it('answers 422 for an invalid phone or body, 404 for an unknown account, 401 without the token', async () => {
    const bad = await upsert({ phone: 'call me' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().details.errors[0].field).toBe('body.phone');
    expect(
      (await callInternal(api, 'POST', '/internal/contacts/upsert', { phone: '+251911300009' })).statusCode,
    ).toBe(422);
    const unknown = await callInternal(api, 'POST', '/internal/contacts/upsert', {
      account_id: '00000000-0000-4000-8000-000000000000',
      phone: '+251911300009',
    });
    expect(unknown.statusCode).toBe(404);
    const url = '/internal/contacts/upsert';
    expect((await callInternal(api, 'POST', url, { account_id: accountId }, 'wrong-token')).statusCode).toBe(
      401,
    );
  });
});

describe('GET /internal/contacts/{id}', () => {
  it('returns the contact of the account, following a merge to the survivor', async () => {
    const survivor = (await upsert({ phone: '+251911300010' })).json().data.contact.id;
    const other = (await upsert({ phone: '+251911300011' })).json().data.contact.id;
    await call(api, 'POST', `/v1/contacts/${survivor}/merge`, admin, { other_contact_id: other });
    const res = await callInternal(api, 'GET', `/internal/contacts/${other}?account_id=${accountId}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().data).toMatchObject({ id: survivor, phone: '+251911300010' });
  });

  it('answers 404 under another account id, 422 without one and 401 without the token', async () => {
    const id = (await upsert({ phone: '+251911300012' })).json().data.contact.id;
    const other = await callInternal(api, 'GET', `/internal/contacts/${id}?account_id=${admin.userId}`);
    expect(other.statusCode).toBe(404);
    expect((await callInternal(api, 'GET', `/internal/contacts/${id}`)).statusCode).toBe(422);
    const url = `/internal/contacts/${id}?account_id=${accountId}`;
    expect((await callInternal(api, 'GET', url, undefined, '')).statusCode).toBe(401);
  });
});
