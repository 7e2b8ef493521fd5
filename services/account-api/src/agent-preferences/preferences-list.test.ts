import type { TestIdentity } from '@turumba/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAccountApi } from '../test-support';
import { addMember, call, createUser, identityOf, roleIdOf, type TestApi } from './test-helpers';

let api: TestApi;
let admin: TestIdentity;
const nameById = new Map<string, string>();

const preferences: Record<string, Record<string, unknown>> = {
  'agent1@demo.local': {
    languages: ['en', 'am'],
    available_channels: ['whatsapp', 'telegram'],
    available_topics: ['billing'],
    max_concurrent_conversations: 5,
  },
  'agent2@demo.local': {
    is_available: false,
    languages: ['en'],
    available_channels: ['sms'],
    available_topics: ['technical'],
    max_concurrent_conversations: 10,
  },
  'agent3@demo.local': {
    languages: ['am', 'om'],
    available_topics: ['billing', 'technical'],
    max_concurrent_conversations: 20,
    auto_accept: true,
  },
  'admin@demo.local': { languages: ['fr'], max_concurrent_conversations: 1 },
};

beforeAll(async () => {
  api = await createTestAccountApi();
  const { db } = api.deps.modules;
  admin = await identityOf(db, 'admin@demo.local');
  const agent3 = await createUser(db, api.deps.ids, 'agent3@demo.local', 'Agent Three');
  const demoId = admin.accountIds[0]!;
  await addMember(db, api.deps.ids, demoId, agent3, await roleIdOf(db, demoId, 'agent'));
  for (const [email, body] of Object.entries(preferences)) {
    const { userId } = await identityOf(db, email);
    nameById.set(userId, email.split('@')[0]!);
    const res = await call(api, 'POST', '/v1/agent-preferences', admin, { user_id: userId, ...body });
    expect(res.statusCode).toBe(201);
  }
});
afterAll(() => api?.cleanup());

async function names(query: string) {
  const res = await call(
    api,
    'GET',
    query ? `/v1/agent-preferences?${query}` : '/v1/agent-preferences',
    admin,
  );
  expect(res.statusCode).toBe(200);
  return res.json().data.map((p: { user_id: string }) => nameById.get(p.user_id));
}

describe('GET /v1/agent-preferences filters', () => {
  it.each([
    ['', ['agent1', 'agent2', 'agent3', 'admin']],
    ['filter=languages:contains:am', ['agent1', 'agent3']],
    ['languages=am&languages=om', ['agent3']],
    ['is_available=true&available_topics=billing', ['agent1', 'agent3']],
    ['filter=is_available:eq:false', ['agent2']],
    ['available_channels=whatsapp', ['agent1']],
    ['filter=available_channels:contains:sms', ['agent2']],
    ['filter=available_topics:contains:technical', ['agent2', 'agent3']],
    ['auto_accept=true', ['agent3']],
    ['max_concurrent_conversations=20', ['agent3']],
    ['filter=max_concurrent_conversations:eq:5', ['agent1']],
    ['filter=max_concurrent_conversations:gt:5', ['agent2', 'agent3']],
    ['filter=max_concurrent_conversations:lt:5', ['admin']],
    ['filter=max_concurrent_conversations:range:5,10', ['agent1', 'agent2']],
    ['languages=en&filter=is_available:eq:true', ['agent1']],
    ['filter=languages:contains:sw', []],
  ])('?%s lists %j', async (query, expected) => {
    expect(await names(query)).toEqual(expected);
  });

  it('sorts by capacity', async () => {
    expect(await names('sort=max_concurrent_conversations:desc')).toEqual([
      'agent3',
      'agent2',
      'agent1',
      'admin',
    ]);
  });

  it('pages with skip and limit and reports the total of all matches', async () => {
    const url = '/v1/agent-preferences?sort=max_concurrent_conversations:asc&skip=1&limit=2';
    const res = await call(api, 'GET', url, admin);
    expect(res.json().data.map((p: { user_id: string }) => nameById.get(p.user_id))).toEqual([
      'agent1',
      'agent2',
    ]);
    expect(res.json().meta).toEqual({ total: 4, skip: 1, limit: 2 });
  });

  it('counts only the filtered rows in the total', async () => {
    const res = await call(api, 'GET', '/v1/agent-preferences?languages=en&limit=1', admin);
    expect(res.json().meta).toEqual({ total: 2, skip: 0, limit: 1 });
  });

  it.each([
    ['filter=password:eq:x', 400],
    ['filter=languages:eq:am', 400],
    ['filter=max_concurrent_conversations:gt:many', 400],
    ['sort=languages:asc', 400],
    ['is_available=maybe', 400],
    ['limit=501', 422],
    ['skip=-1', 422],
  ])('rejects ?%s with %i', async (query, status) => {
    const res = await call(api, 'GET', `/v1/agent-preferences?${query}`, admin);
    expect(res.statusCode).toBe(status);
  });
});
