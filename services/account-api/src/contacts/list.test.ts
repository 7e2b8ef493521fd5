import type { TestIdentity } from '@turumba/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAccountApi } from '../test-support';
import { call, demoIdentities, type TestApi } from './test-fixtures';

let api: TestApi;
let admin: TestIdentity;
let agent: TestIdentity;
const ids: Record<string, string> = {};

const seed = [
  { name: 'Almaz Tadesse', phone: '+251911000001', email: 'almaz@shop.et', labels: ['vip'] },
  { name: 'Bekele Girma', phone: '+251911000002', labels: ['billing'] },
  { name: 'Chaltu 100% Real', email: 'chaltu@mail.io', labels: ['vip', 'billing'] },
  { name: 'Dawit', email: 'dawit@shop.et' },
  { name: 'Merged Away', phone: '+251911000005' },
];

beforeAll(async () => {
  // A clock that ticks a second per reading keeps 'newest first' deterministic.
  let now = Date.parse('2026-03-01T08:00:00Z');
  const tick = () => {
    now += 1000;
    return new Date(now);
  };
  api = await createTestAccountApi({ clock: tick });
  ({ admin, agent1: agent } = await demoIdentities(api.deps.modules.db));
  for (const contact of seed) {
    const res = await call(api, 'POST', '/v1/contacts', agent, contact);
    ids[contact.name] = res.json().data.id;
  }
  const merge = `/v1/contacts/${ids.Dawit}/merge`;
  await call(api, 'POST', merge, admin, { other_contact_id: ids['Merged Away'] });
});
afterAll(() => api?.cleanup());

async function names(query: string) {
  const res = await call(api, 'GET', `/v1/contacts${query}`, agent);
  expect(res.statusCode).toBe(200);
  return res.json().data.map((c: { name: string }) => c.name);
}

describe('GET /v1/contacts', () => {
  it('lists live contacts newest first with the total, hiding merged ones', async () => {
    const res = await call(api, 'GET', '/v1/contacts', agent);
    expect(res.json().meta).toEqual({ total: 4, skip: 0, limit: 100 });
    expect(await names('')).toEqual(['Dawit', 'Chaltu 100% Real', 'Bekele Girma', 'Almaz Tadesse']);
  });

  it('searches name, phone and email case-insensitively with ?q=', async () => {
    expect(await names('?q=almaz')).toEqual(['Almaz Tadesse']);
    expect(await names('?q=SHOP.ET&sort=name:asc')).toEqual(['Almaz Tadesse', 'Dawit']);
    expect(await names('?q=911000002')).toEqual(['Bekele Girma']);
  });

  it('matches LIKE wildcards in ?q= literally', async () => {
    expect(await names('?q=%25')).toEqual(['Chaltu 100% Real']);
    expect(await names('?q=_')).toEqual([]);
  });

  it('finds the survivor, never the merged contact, by the phone the survivor took over', async () => {
    expect(await names('?q=911000005')).toEqual(['Dawit']);
  });

  it('filters by labels, email, phone and time, and sorts by whitelisted fields', async () => {
    expect(await names('?filter=labels:contains:vip&sort=name:asc')).toEqual([
      'Almaz Tadesse',
      'Chaltu 100% Real',
    ]);
    expect(await names('?filter=email:endswith:shop.et&sort=name:desc')).toEqual(['Dawit', 'Almaz Tadesse']);
    expect(await names('?filter=phone:is_null&sort=name:asc')).toEqual(['Chaltu 100% Real']);
    expect(
      await names('?filter=created_at:gt:2000-01-01T00:00:00Z&filter=labels:contains:billing&sort=name:asc'),
    ).toEqual(['Bekele Girma', 'Chaltu 100% Real']);
  });

  it('pages with skip and limit, keeping the total', async () => {
    const res = await call(api, 'GET', '/v1/contacts?sort=name:asc&skip=1&limit=2', agent);
    expect(res.json().meta).toEqual({ total: 4, skip: 1, limit: 2 });
    expect(res.json().data.map((c: { name: string }) => c.name)).toEqual([
      'Bekele Girma',
      'Chaltu 100% Real',
    ]);
  });

  it.each([
    '?filter=properties:eq:x',
    '?filter=name:gt:x',
    '?filter=created_at:gt:yesterday',
    '?sort=labels:asc',
    '?sort=name:sideways',
  ])('answers %s with 400', async (query) => {
    const res = await call(api, 'GET', `/v1/contacts${query}`, agent);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe('bad_request');
  });

  it('answers a limit above 500 with 422', async () => {
    expect((await call(api, 'GET', '/v1/contacts?limit=501', agent)).statusCode).toBe(422);
  });
});
