import { randomUUID } from 'node:crypto';
import type { TestIdentity } from '@turumba/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAccountApi } from '../test-support';
import { call, demoMembers, type TestApi } from './test-helpers';

let api: TestApi;
let admin: TestIdentity;
let agent1: TestIdentity;
let agent2: TestIdentity;
const hours = {
  timezone: 'Africa/Addis_Ababa',
  schedule: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00' }],
};

beforeAll(async () => {
  api = await createTestAccountApi();
  ({ admin, agent1, agent2 } = await demoMembers(api.deps.modules.db));
});
afterAll(() => api?.cleanup());

describe('own preferences (/v1/agent-preferences/me)', () => {
  it('answers the defaults routing applies, with a null id, before the agent has saved any', async () => {
    const res = await call(api, 'GET', '/v1/agent-preferences/me', agent1);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      success: true,
      message: null,
      data: {
        id: null,
        user_id: agent1.userId,
        available_channels: [],
        available_topics: [],
        available_hours: null,
        languages: [],
        max_concurrent_conversations: 5,
        is_available: true,
        auto_accept: false,
        notification_preferences: { sound: true, desktop: true, email_on_assignment: false },
        created_at: null,
        updated_at: null,
      },
    });
    const list = await call(api, 'GET', `/v1/agent-preferences?filter=user_id:eq:${agent1.userId}`, admin);
    expect(list.json().meta.total).toBe(0);
  });

  it("answers a member's defaults to an admin through /{user_id}, and still 404 outside the accounts", async () => {
    const res = await call(api, 'GET', `/v1/agent-preferences/${agent2.userId}`, admin);
    expect(res.statusCode).toBe(200);
    expect(res.json().data).toMatchObject({ id: null, user_id: agent2.userId, is_available: true });
    const stranger = await call(api, 'GET', `/v1/agent-preferences/${randomUUID()}`, admin);
    expect(stranger.statusCode).toBe(404);
  });

  it('creates them on the first PATCH, with the spec defaults for every field not sent', async () => {
    const res = await call(api, 'PATCH', '/v1/agent-preferences/me', agent1, { languages: ['en', 'am'] });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      success: true,
      message: null,
      data: {
        user_id: agent1.userId,
        languages: ['en', 'am'],
        available_channels: [],
        available_topics: [],
        available_hours: null,
        max_concurrent_conversations: 5,
        is_available: true,
        auto_accept: false,
        notification_preferences: { sound: true, desktop: true, email_on_assignment: false },
      },
    });
    const again = await call(api, 'GET', '/v1/agent-preferences/me', agent1);
    expect(again.json().data).toEqual(res.json().data);
  });

  it('changes only the fields sent and merges notification_preferences key by key', async () => {
    const res = await call(api, 'PATCH', '/v1/agent-preferences/me', agent1, {
      available_hours: hours,
      available_channels: ['whatsapp'],
      notification_preferences: { email_on_assignment: true },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().data).toMatchObject({
      languages: ['en', 'am'],
      available_hours: hours,
      available_channels: ['whatsapp'],
      notification_preferences: { sound: true, desktop: true, email_on_assignment: true },
    });
  });

  it('clears the working hours with available_hours: null (available at any hour)', async () => {
    const res = await call(api, 'PATCH', '/v1/agent-preferences/me', agent1, { available_hours: null });
    expect(res.json().data.available_hours).toBeNull();
  });

  it('keeps one row and every change when first PATCHes race', async () => {
    const bodies = [
      { languages: ['en'] },
      { auto_accept: true },
      { max_concurrent_conversations: 9 },
      { available_topics: ['vip'] },
    ];
    const results = await Promise.all(
      bodies.map((b) => call(api, 'PATCH', '/v1/agent-preferences/me', admin, b)),
    );
    expect(results.map((r) => r.statusCode)).toEqual([200, 200, 200, 200]);
    const res = await call(api, 'GET', '/v1/agent-preferences/me', admin);
    expect(res.json().data).toMatchObject({
      languages: ['en'],
      auto_accept: true,
      max_concurrent_conversations: 9,
      available_topics: ['vip'],
    });
    const ids = new Set(results.map((r) => r.json().data.id));
    expect(ids.size).toBe(1);
  });

  it('answers 404 for a signed-in user id that does not exist, instead of failing', async () => {
    const ghost = { ...agent1, userId: randomUUID() };
    const res = await call(api, 'PATCH', '/v1/agent-preferences/me', ghost, { is_available: false });
    expect(res.statusCode).toBe(404);
  });
});

describe('admin management (/v1/agent-preferences/{user_id})', () => {
  it("creates a member's preferences with 201, then refuses a second create with 409", async () => {
    const body = { user_id: agent2.userId, available_topics: ['billing'], max_concurrent_conversations: 8 };
    const created = await call(api, 'POST', '/v1/agent-preferences', admin, body);
    expect(created.statusCode).toBe(201);
    expect(created.json().data).toMatchObject({ user_id: agent2.userId, max_concurrent_conversations: 8 });
    const duplicate = await call(api, 'POST', '/v1/agent-preferences', admin, body);
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json()).toMatchObject({ error: 'conflict', details: { user_id: agent2.userId } });
  });

  it("reads a member's preferences, and the member reads their own by id", async () => {
    const byAdmin = await call(api, 'GET', `/v1/agent-preferences/${agent2.userId}`, admin);
    const bySelf = await call(api, 'GET', `/v1/agent-preferences/${agent2.userId}`, agent2);
    expect(byAdmin.statusCode).toBe(200);
    expect(bySelf.json().data).toEqual(byAdmin.json().data);
  });

  it("updates a member's preferences", async () => {
    const res = await call(api, 'PATCH', `/v1/agent-preferences/${agent2.userId}`, admin, {
      auto_accept: true,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().data).toMatchObject({ auto_accept: true, available_topics: ['billing'] });
  });

  it('deletes them with 204; afterwards they read as the defaults and a second delete is 404', async () => {
    const url = `/v1/agent-preferences/${agent2.userId}`;
    const deleted = await call(api, 'DELETE', url, admin);
    expect(deleted.statusCode).toBe(204);
    expect(deleted.body).toBe('');
    expect((await call(api, 'GET', url, admin)).json().data).toMatchObject({ id: null, auto_accept: false });
    expect((await call(api, 'DELETE', url, admin)).statusCode).toBe(404);
  });

  it('answers 404 for an admin creating preferences of an id nobody has', async () => {
    const res = await call(api, 'POST', '/v1/agent-preferences', admin, { user_id: randomUUID() });
    expect(res.statusCode).toBe(404);
  });

  it('rejects a request that did not come through the gateway', async () => {
    const res = await api.app.inject({ method: 'GET', url: '/v1/agent-preferences/me' });
    expect(res.statusCode).toBe(401);
  });
});
