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

describe('POST /v1/contacts/{id}/merge', () => {
  it('fills the survivor’s gaps, unions labels, merges properties (survivor wins) and hides the other', async () => {
    const survivor = await create({
      name: 'Sara',
      email: 'sara@x.io',
      labels: ['vip'],
      properties: { a: 1, b: 1 },
    });
    const other = await create({
      name: 'S. WhatsApp',
      phone: '+251911100001',
      labels: ['wa', 'vip'],
      properties: { b: 2, c: 2 },
    });
    const res = await merge(survivor, other);
    expect(res.statusCode).toBe(200);
    const { data } = res.json();
    expect(data.survivor).toMatchObject({
      id: survivor,
      name: 'Sara',
      phone: '+251911100001',
      email: 'sara@x.io',
      labels: ['vip', 'wa'],
      properties: { a: 1, b: 1, c: 2 },
      merged_into_id: null,
    });
    expect(data.merged).toMatchObject({ id: other, merged_into_id: survivor, phone: '+251911100001' });
    const [row] = await api.deps.modules.db
      .select()
      .from(contactMerges)
      .where(eq(contactMerges.id, data.merge_id));
    expect(row).toMatchObject({
      survivorId: survivor,
      mergedId: other,
      mergedBy: admin.userId,
      undoneAt: null,
    });
    expect(row?.snapshot).toMatchObject({ survivor: { phone: null }, merged: { phone: '+251911100001' } });
  });

  it('emits contact.merged with survivor, merged and merge ids in the same transaction', async () => {
    const survivor = await create({ name: 'Evt A' });
    const other = await create({ name: 'Evt B' });
    const { merge_id } = (await merge(survivor, other)).json().data;
    const events = await outboxOf(api.deps.modules.db, 'contact.merged');
    expect(events.find((e) => e.aggregateId === survivor)?.payload.data).toEqual({
      survivor_id: survivor,
      merged_id: other,
      merge_id,
    });
  });

  it('answers GET of a merged id with the survivor, and 404 to writes on it', async () => {
    const survivor = await create({ name: 'Keeper' });
    const other = await create({ name: 'Gone' });
    await merge(survivor, other);
    const res = await get(other);
    expect(res.statusCode).toBe(200);
    expect(res.json().data.id).toBe(survivor);
    expect(res.json().message).toBe(`Contact ${other} was merged into ${survivor}`);
    expect((await call(api, 'PATCH', `/v1/contacts/${other}`, agent, { name: 'x' })).statusCode).toBe(404);
    expect((await call(api, 'DELETE', `/v1/contacts/${other}`, admin)).statusCode).toBe(404);
  });

  it('follows a chain of merges to the last survivor', async () => {
    const [a, b, c] = [await create({ name: 'A' }), await create({ name: 'B' }), await create({ name: 'C' })];
    await merge(b, a);
    await merge(c, b);
    expect((await get(a)).json().data.id).toBe(c);
    expect((await unmerge(b)).statusCode).toBe(409);
  });

  it('answers 400 for itself, 404 for an unknown other, 409 for an already merged one, 403 for agents', async () => {
    const one = await create({ name: 'One' });
    const two = await create({ name: 'Two' });
    expect((await merge(one, one)).statusCode).toBe(400);
    expect((await merge(one, '00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await merge(one, two, agent)).statusCode).toBe(403);
    await merge(one, two);
    expect((await merge(one, two)).statusCode).toBe(409);
    expect((await merge(two, one)).statusCode).toBe(409);
  });

  it('lets exactly one of two opposite concurrent merges win', async () => {
    const x = await create({ name: 'X' });
    const y = await create({ name: 'Y' });
    const codes = (await Promise.all([merge(x, y), merge(y, x)])).map((r) => r.statusCode).sort();
    expect(codes).toEqual([200, 409]);
  });

  it('deletes the contacts merged into a deleted survivor', async () => {
    const survivor = await create({ name: 'Root' });
    const other = await create({ name: 'Leaf', phone: '+251911100009' });
    await merge(survivor, other);
    expect((await call(api, 'DELETE', `/v1/contacts/${survivor}`, admin)).statusCode).toBe(204);
    expect((await get(other)).statusCode).toBe(404);
    expect(await create({ phone: '+251911100009' })).toBeTruthy();
  });
});
