import { randomUUID } from 'node:crypto';
import type { TestIdentity } from '@turumba/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RoutingHarness, startRoutingHarness } from '../routing/test-harness';

let h: RoutingHarness;
beforeAll(async () => {
  h = await startRoutingHarness({ workers: false });
});
afterAll(() => h?.cleanup());

const refund = {
  name: 'Billing keywords',
  priority: 3,
  trigger_type: 'keyword',
  conditions: { keywords: ['refund', 'return', 'cancel'], match_mode: 'any' },
  actions: { reply_text: 'See our refund policy', set_labels: ['billing', 'refund'], set_priority: 'high' },
};

async function create(body: unknown, identity: TestIdentity = h.admin) {
  return h.inject('POST', '/v1/bot-rules', identity, body);
}

describe('bot rule CRUD', () => {
  it('creates a rule with the defaults filled in and reads it back', async () => {
    const res = await create(refund);
    expect(res.statusCode).toBe(201);
    const rule = res.json().data;
    expect(rule).toMatchObject({
      account_id: h.accountId,
      name: 'Billing keywords',
      priority: 3,
      is_active: true,
      continue: false,
      conditions: { keywords: ['refund', 'return', 'cancel'], match_mode: 'any', case_sensitive: false },
      created_by: h.admin.userId,
    });
    const read = await h.inject('GET', `/v1/bot-rules/${rule.id}`, h.agent);
    expect(read.statusCode).toBe(200);
    expect(read.json().data).toEqual(rule);
  });

  it('lists rules in evaluation order, with filters', async () => {
    await create({
      name: 'Fallback',
      priority: 100,
      trigger_type: 'fallback',
      actions: { reply_text: 'Soon' },
    });
    await create({
      name: 'Night',
      priority: 1,
      trigger_type: 'time_based',
      conditions: { time_range: { start: '18:00', end: '08:00', tz: 'Africa/Addis_Ababa' } },
      actions: { assign_strategy: 'manual_queue' },
    });
    const all = (await h.inject('GET', '/v1/bot-rules', h.agent)).json();
    expect(all.data.map((r: { priority: number }) => r.priority)).toEqual([1, 3, 100]);
    expect(all.meta).toEqual({ total: 3, skip: 0, limit: 100 });
    const keyword = (await h.inject('GET', '/v1/bot-rules?filter=trigger_type:eq:keyword', h.agent)).json();
    expect(keyword.data.map((r: { name: string }) => r.name)).toEqual(['Billing keywords']);
    expect((await h.inject('GET', '/v1/bot-rules?filter=conditions:eq:x', h.agent)).statusCode).toBe(400);
  });

  it('updates a rule and validates the merged result as a whole', async () => {
    const rule = (await create({ ...refund, name: 'To edit' })).json().data;
    const ok = await h.inject('PATCH', `/v1/bot-rules/${rule.id}`, h.admin, {
      priority: 7,
      continue: true,
      is_active: false,
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().data).toMatchObject({ priority: 7, continue: true, is_active: false, name: 'To edit' });
    const bad = await h.inject('PATCH', `/v1/bot-rules/${rule.id}`, h.admin, { trigger_type: 'time_based' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().details.errors).toContainEqual({
      field: 'body.conditions.time_range',
      message: expect.any(String),
    });
    const switched = await h.inject('PATCH', `/v1/bot-rules/${rule.id}`, h.admin, {
      trigger_type: 'fallback',
      conditions: {},
    });
    expect(switched.json().data).toMatchObject({ trigger_type: 'fallback', conditions: {} });
    expect((await h.inject('PATCH', `/v1/bot-rules/${rule.id}`, h.admin, {})).statusCode).toBe(422);
  });

  it('deletes a rule', async () => {
    const rule = (await create({ ...refund, name: 'To delete' })).json().data;
    expect((await h.inject('DELETE', `/v1/bot-rules/${rule.id}`, h.admin)).statusCode).toBe(204);
    expect((await h.inject('GET', `/v1/bot-rules/${rule.id}`, h.admin)).statusCode).toBe(404);
  });

  it('lets agents read but not manage rules', async () => {
    const rule = (await create({ ...refund, name: 'Agents read', is_active: false })).json().data;
    expect((await create(refund, h.agent)).statusCode).toBe(403);
    expect((await h.inject('PATCH', `/v1/bot-rules/${rule.id}`, h.agent, { priority: 1 })).statusCode).toBe(
      403,
    );
    expect((await h.inject('DELETE', `/v1/bot-rules/${rule.id}`, h.agent)).statusCode).toBe(403);
  });

  it("treats another account's rule as not found, and never lists it", async () => {
    const other = randomUUID();
    const stranger: TestIdentity = {
      userId: randomUUID(),
      accountIds: [other],
      accountRoles: { [other]: 'admin' },
    };
    const theirs = (await create({ ...refund, name: 'Theirs' }, stranger)).json().data;
    for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
      const res = await h.inject(
        method,
        `/v1/bot-rules/${theirs.id}`,
        h.admin,
        method === 'PATCH' ? { priority: 1 } : undefined,
      );
      expect(res.statusCode).toBe(404);
    }
    const mine = (await h.inject('GET', '/v1/bot-rules?limit=500', h.admin)).json().data;
    expect(mine.some((r: { id: string }) => r.id === theirs.id)).toBe(false);
    expect((await h.inject('GET', '/v1/bot-rules', h.admin)).json().data.length).toBeGreaterThan(0);
    const wrongAccount = await h.app.inject({
      method: 'POST',
      url: '/v1/bot-rules',
      headers: {
        ...(await import('@turumba/platform/testing')).gatewayHeaders('POST', '/v1/bot-rules', h.admin),
        'x-account-id': other,
      },
      payload: refund,
    });
    expect(wrongAccount.statusCode).toBe(404);
  });
});

describe('bot rule validation', () => {
  const tz = 'Africa/Addis_Ababa';
  it.each<[string, Record<string, unknown>, string]>([
    ['an unknown trigger type', { ...refund, trigger_type: 'intent' }, 'body.trigger_type'],
    ['a keyword rule without keywords', { ...refund, conditions: {} }, 'body.conditions.keywords'],
    ['an empty keyword', { ...refund, conditions: { keywords: ['  '] } }, 'body.conditions.keywords.0'],
    [
      'a keyword of only a wildcard',
      { ...refund, conditions: { keywords: ['*'] } },
      'body.conditions.keywords.0',
    ],
    [
      'a bad match mode',
      { ...refund, conditions: { keywords: ['a'], match_mode: 'most' } },
      'body.conditions.match_mode',
    ],
    [
      'a phase-2 intent condition',
      { ...refund, conditions: { keywords: ['a'], intent: 'billing' } },
      'body.conditions',
    ],
    [
      'a time rule without a range',
      { ...refund, trigger_type: 'time_based', conditions: {} },
      'body.conditions.time_range',
    ],
    [
      'a bad time',
      {
        ...refund,
        trigger_type: 'time_based',
        conditions: { time_range: { start: '25:00', end: '08:00', tz } },
      },
      'body.conditions.time_range.start',
    ],
    [
      'an unknown time zone',
      {
        ...refund,
        trigger_type: 'time_based',
        conditions: { time_range: { start: '18:00', end: '08:00', tz: 'Mars/Base' } },
      },
      'body.conditions.time_range.tz',
    ],
    [
      'a bad day',
      {
        ...refund,
        trigger_type: 'time_based',
        conditions: { time_range: { start: '18:00', end: '08:00', tz, days: ['funday'] } },
      },
      'body.conditions.time_range.days.0',
    ],
    [
      'a channel rule without channels',
      { ...refund, trigger_type: 'channel', conditions: {} },
      'body.conditions.channels',
    ],
    [
      'an unknown channel',
      { ...refund, trigger_type: 'channel', conditions: { channels: ['fax'] } },
      'body.conditions.channels.0',
    ],
    [
      'a bad language',
      { ...refund, conditions: { keywords: ['a'], language: 'English!' } },
      'body.conditions.language',
    ],
    ['no actions', { ...refund, actions: {} }, 'body.actions'],
    [
      'both reply kinds',
      { ...refund, actions: { reply_text: 'a', reply_template_id: randomUUID() } },
      'body.actions.reply_template_id',
    ],
    ['a bad priority', { ...refund, actions: { set_priority: 'critical' } }, 'body.actions.set_priority'],
    ['a bad strategy', { ...refund, actions: { assign_strategy: 'random' } }, 'body.actions.assign_strategy'],
    [
      'closing and assigning',
      { ...refund, actions: { set_status: 'closed', assign_team_id: randomUUID() } },
      'body.actions.set_status',
    ],
    [
      'a team that is no uuid',
      { ...refund, actions: { assign_team_id: 'billing' } },
      'body.actions.assign_team_id',
    ],
    ['a negative priority', { ...refund, priority: -1 }, 'body.priority'],
  ])('rejects %s with 422 naming the field', async (_what, body, field) => {
    const res = await create(body);
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ success: false, error: 'validation_error' });
    const fields = res.json().details.errors.map((e: { field: string }) => e.field);
    expect(fields.some((f: string) => f.startsWith(field))).toBe(true);
  });

  it('rejects a reply template the account does not have', async () => {
    const res = await create({ ...refund, actions: { reply_template_id: randomUUID() } });
    expect(res.statusCode).toBe(422);
    expect(res.json().details.errors).toEqual([
      { field: 'body.actions.reply_template_id', message: 'no such template in this account' },
    ]);
  });
});

describe('POST /v1/bot-rules/test', () => {
  it('says which rule would fire and what it would do, changing nothing', async () => {
    const before = h.events.length;
    const res = await h.inject('POST', '/v1/bot-rules/test', h.agent, {
      text: 'I want a REFUND please',
      channel_type: 'whatsapp',
      at: '2026-11-25T10:00:00+03:00',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().data).toMatchObject({
      at: '2026-11-25T07:00:00.000Z',
      matched: [{ name: 'Billing keywords', trigger_type: 'keyword' }],
      actions: {
        reply_text: 'See our refund policy',
        set_labels: ['billing', 'refund'],
        set_priority: 'high',
      },
    });
    expect(h.events.length).toBe(before);
  });

  it('sees rule changes at once (the compiled cache is invalidated)', async () => {
    const body = { text: 'where is my parcel', channel_type: 'telegram', at: '2026-11-25T10:00:00+03:00' };
    const before = (await h.inject('POST', '/v1/bot-rules/test', h.admin, body)).json().data;
    expect(before.matched.map((m: { name: string }) => m.name)).toEqual(['Fallback']);
    await create({
      name: 'Parcels',
      priority: 2,
      trigger_type: 'keyword',
      conditions: { keywords: ['parcel*'] },
      actions: { set_labels: ['logistics'] },
    });
    const after = (await h.inject('POST', '/v1/bot-rules/test', h.admin, body)).json().data;
    expect(after.matched.map((m: { name: string }) => m.name)).toEqual(['Parcels']);
  });

  it('evaluates time rules at the given instant and reports the detected language', async () => {
    const res = await h.inject('POST', '/v1/bot-rules/test', h.admin, {
      text: 'ገንዘቤን መመለስ እፈልጋለሁ',
      channel_type: 'whatsapp',
      at: '2026-11-25T21:00:00+03:00',
    });
    expect(res.json().data).toMatchObject({
      language: 'am',
      language_source: 'detected',
      matched: [{ name: 'Night' }],
    });
  });

  it('rejects a bad request', async () => {
    const res = await h.inject('POST', '/v1/bot-rules/test', h.admin, { text: 'x', channel_type: 'pigeon' });
    expect(res.statusCode).toBe(422);
  });
});
