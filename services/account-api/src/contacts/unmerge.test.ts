import type { TestIdentity } from '@turumba/platform/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAccountApi } from '../test-support';
import { contactMerges } from './tables';
import { call, demoIdentities, outboxOf, type TestApi } from './test-fixtures';

let api: TestApi;
let admin: TestIdentity;
let agent: TestIdentity;

beforeAll(async () => {
  api = await createTestAccountApi();
  ({ admin, agent1: agent } = await demoIdentities(api.deps.modules.db));
});
afterAll(() => api?.cleanup());

async function create(payload: object): Promise<string> {
  const res = await call(api, 'POST', '/v1/contacts', agent, payload);
  expect(res.statusCode).toBe(201);
  return res.json().data.id;
}
const merge = (survivor: string, other: string, as = admin) =>
  call(api, 'POST', `/v1/contacts/${survivor}/merge`, as, { other_contact_id: other });
const unmerge = (survivor: string, body?: object, as = admin) =>
  call(api, 'POST', `/v1/contacts/${survivor}/unmerge`, as, body);
const get = (id: string) => call(api, 'GET', `/v1/contacts/${id}`, agent);

describe('POST /v1/contacts/{id}/unmerge', () => {
  it('restores both contacts, giving the borrowed phone back and keeping edits made since', async () => {
    const survivor = await create({ name: 'Hana', labels: ['own'], properties: { mine: true } });
    const other = await create({
      name: 'Hana SMS',
      phone: '+251911200001',
      labels: ['sms'],
      properties: { src: 'sms' },
    });
    const merged = (await merge(survivor, other)).json().data;
    await call(api, 'PATCH', `/v1/contacts/${survivor}`, agent, { email: 'hana@x.io' });
    const res = await unmerge(survivor);
    expect(res.statusCode).toBe(200);
    const { data } = res.json();
    expect(data.merge_id).toBe(merged.merge_id);
    expect(data.survivor).toMatchObject({
      phone: null,
      email: 'hana@x.io',
      labels: ['own'],
      properties: { mine: true },
    });
    expect(data.restored).toMatchObject({
      id: other,
      merged_into_id: null,
      name: 'Hana SMS',
      phone: '+251911200001',
      labels: ['sms'],
      properties: { src: 'sms' },
    });
    expect((await get(other)).json().data.id).toBe(other);
    const [row] = await api.deps.modules.db
      .select()
      .from(contactMerges)
      .where(eq(contactMerges.id, data.merge_id));
    expect(row?.undoneAt).toBeInstanceOf(Date);
    const events = await outboxOf(api.deps.modules.db, 'contact.unmerged');
    expect(events.at(-1)?.payload.data).toEqual({
      survivor_id: survivor,
      restored_id: other,
      merge_id: data.merge_id,
    });
  });

  it('undoes the given merge, or the latest one by default', async () => {
    const survivor = await create({ name: 'Multi' });
    const first = await create({ name: 'First' });
    const second = await create({ name: 'Second' });
    const m1 = (await merge(survivor, first)).json().data.merge_id;
    await merge(survivor, second);
    expect((await unmerge(survivor, { merge_id: m1 })).json().data.restored.id).toBe(first);
    expect((await unmerge(survivor)).json().data.restored.id).toBe(second);
    expect((await unmerge(survivor)).statusCode).toBe(409);
    expect((await unmerge(survivor, { merge_id: m1 })).statusCode).toBe(404);
  });

  it('answers 409 and changes nothing when the merged contact’s phone was taken since', async () => {
    const survivor = await create({ name: 'Taker', email: 'taker@x.io' });
    const other = await create({ phone: '+251911200002' });
    await merge(survivor, other);
    await call(api, 'PATCH', `/v1/contacts/${survivor}`, agent, { phone: '+251911200099' });
    await create({ phone: '+251911200002' });
    const res = await unmerge(survivor);
    expect(res.statusCode).toBe(409);
    expect(res.json().details).toEqual({ field: 'phone' });
    expect((await get(other)).json().data.id).toBe(survivor);
  });

  it('is for admins and supervisors only', async () => {
    const survivor = await create({ name: 'Guarded' });
    await merge(survivor, await create({ name: 'G2' }));
    expect((await unmerge(survivor, undefined, agent)).statusCode).toBe(403);
  });
});
