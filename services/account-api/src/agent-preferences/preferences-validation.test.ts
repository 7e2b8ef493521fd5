import type { TestIdentity } from '@turumba/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAccountApi } from '../test-support';
import { call, demoMembers, type TestApi } from './test-helpers';

let api: TestApi;
let admin: TestIdentity;
let agent1: TestIdentity;
let agent2: TestIdentity;

beforeAll(async () => {
  api = await createTestAccountApi();
  ({ admin, agent1, agent2 } = await demoMembers(api.deps.modules.db));
});
afterAll(() => api?.cleanup());

const slot = (over: Record<string, unknown>) => ({
  available_hours: { timezone: 'UTC', schedule: [{ days: ['mon'], start: '09:00', end: '17:00', ...over }] },
});
const zone = (timezone: unknown) => ({
  available_hours: { timezone, schedule: [{ days: ['mon'], start: '09:00', end: '17:00' }] },
});

function fieldsOf(res: { json(): { details: { errors: Array<{ field: string; message: string }> } } }) {
  return res.json().details.errors.map((e) => e.field);
}

describe('PATCH /v1/agent-preferences/me validation', () => {
  it.each<[string, Record<string, unknown>, string]>([
    ['an unknown channel', { available_channels: ['fax'] }, 'body.available_channels.0'],
    ['a repeated channel', { available_channels: ['sms', 'sms'] }, 'body.available_channels'],
    ['channels that are not a list', { available_channels: 'sms' }, 'body.available_channels'],
    ['an upper-case topic', { available_topics: ['Billing'] }, 'body.available_topics.0'],
    ['a topic starting with a dash', { available_topics: ['-billing'] }, 'body.available_topics.0'],
    ['a topic longer than 40', { available_topics: ['a'.repeat(41)] }, 'body.available_topics.0'],
    ['a topic with a space', { available_topics: ['late payment'] }, 'body.available_topics.0'],
    ['a made-up language code', { languages: ['xx'] }, 'body.languages.0'],
    ['an upper-case language code', { languages: ['EN'] }, 'body.languages.0'],
    ['a three-letter language code', { languages: ['eng'] }, 'body.languages.0'],
    ['a repeated language', { languages: ['am', 'am'] }, 'body.languages'],
    ['an unknown timezone', zone('Mars/Olympus'), 'body.available_hours.timezone'],
    ['an offset instead of a timezone', zone('+03:00'), 'body.available_hours.timezone'],
    ['a missing timezone', { available_hours: { schedule: [] } }, 'body.available_hours.timezone'],
    [
      'an empty schedule',
      { available_hours: { timezone: 'UTC', schedule: [] } },
      'body.available_hours.schedule',
    ],
    ['a day name not in mon..sun', slot({ days: ['monday'] }), 'body.available_hours.schedule.0.days.0'],
    ['a slot without days', slot({ days: [] }), 'body.available_hours.schedule.0.days'],
    ['a repeated day', slot({ days: ['mon', 'mon'] }), 'body.available_hours.schedule.0.days'],
    ['a start without a leading zero', slot({ start: '9:00' }), 'body.available_hours.schedule.0.start'],
    ['a start of 24:00', slot({ start: '24:00' }), 'body.available_hours.schedule.0.start'],
    ['minute 60', slot({ start: '12:60' }), 'body.available_hours.schedule.0.start'],
    ['an end after 24:00', slot({ end: '24:01' }), 'body.available_hours.schedule.0.end'],
    [
      'an end equal to the start',
      slot({ start: '09:00', end: '09:00' }),
      'body.available_hours.schedule.0.end',
    ],
    ['an unknown slot field', slot({ timezone: 'UTC' }), 'body.available_hours.schedule.0'],
    ['capacity 0', { max_concurrent_conversations: 0 }, 'body.max_concurrent_conversations'],
    ['capacity 51', { max_concurrent_conversations: 51 }, 'body.max_concurrent_conversations'],
    ['a fractional capacity', { max_concurrent_conversations: 2.5 }, 'body.max_concurrent_conversations'],
    ['a capacity sent as text', { max_concurrent_conversations: '5' }, 'body.max_concurrent_conversations'],
    ['is_available that is not a boolean', { is_available: 'yes' }, 'body.is_available'],
    [
      'a notification flag that is not a boolean',
      { notification_preferences: { sound: 'loud' } },
      'body.notification_preferences.sound',
    ],
    [
      'an unknown notification setting',
      { notification_preferences: { vibrate: true } },
      'body.notification_preferences',
    ],
    ['an unknown field', { colour: 'blue' }, 'body'],
  ])('rejects %s with 422 naming %s', async (_name, body, field) => {
    const res = await call(api, 'PATCH', '/v1/agent-preferences/me', agent2, body);
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ success: false, error: 'validation_error' });
    expect(fieldsOf(res)).toContain(field);
  });

  it('says which language code is wrong', async () => {
    const res = await call(api, 'PATCH', '/v1/agent-preferences/me', agent2, { languages: ['en', 'xx'] });
    expect(res.json().details.errors).toEqual([
      { field: 'body.languages.1', message: '"xx" is not an ISO 639-1 language code (such as en, am)' },
    ]);
  });

  it('saved nothing for any rejected request', async () => {
    const res = await call(api, 'GET', '/v1/agent-preferences/me', agent2);
    expect(res.json().data).toMatchObject({ id: null, languages: [] });
  });

  it.each<[string, Record<string, unknown>]>([
    ['an end of 24:00 (end of day)', slot({ start: '18:00', end: '24:00' })],
    ['an overnight slot', slot({ start: '22:00', end: '06:00' })],
    ['a whole day', slot({ start: '00:00', end: '24:00' })],
    ['UTC', zone('UTC')],
    ['a backward-compatible link (US/Eastern)', zone('US/Eastern')],
    ['Asia/Kolkata, which Intl lists as Asia/Calcutta', zone('Asia/Kolkata')],
    ['a three-part zone', zone('America/Argentina/Buenos_Aires')],
    ['capacity 1', { max_concurrent_conversations: 1 }],
    ['capacity 50', { max_concurrent_conversations: 50 }],
    [
      'every channel',
      { available_channels: ['telegram', 'whatsapp', 'messenger', 'sms', 'email', 'webchat'] },
    ],
    ['slug topics', { available_topics: ['billing', 'tech_support', 'vip-2', '0day'] }],
    ['empty lists', { available_channels: [], available_topics: [], languages: [] }],
  ])('accepts %s', async (_name, body) => {
    const res = await call(api, 'PATCH', '/v1/agent-preferences/me', agent1, body);
    expect(res.statusCode).toBe(200);
  });
});

describe('other inputs', () => {
  it('rejects a POST without user_id, or with one that is not a UUID', async () => {
    const missing = await call(api, 'POST', '/v1/agent-preferences', admin, { is_available: true });
    const malformed = await call(api, 'POST', '/v1/agent-preferences', admin, { user_id: 'agent1' });
    expect(fieldsOf(missing)).toEqual(['body.user_id']);
    expect(fieldsOf(malformed)).toEqual(['body.user_id']);
  });

  it('rejects a path user id that is not a UUID', async () => {
    const res = await call(api, 'GET', '/v1/agent-preferences/agent1', admin);
    expect(res.statusCode).toBe(422);
    expect(fieldsOf(res)).toEqual(['params.user_id']);
  });
});
