import { randomUUID } from 'node:crypto';
import type { Conversation, Message } from '@turumba/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestMessagingApi } from '../test-support';
import { type InboxKit, inboxKit, member } from './test-kit';

let api: Awaited<ReturnType<typeof createTestMessagingApi>>;
let kit: InboxKit;
const account = randomUUID();
const otherAccount = randomUUID();
const admin = member(account, 'admin');
const outsider = member(otherAccount, 'admin');
let channel: string;
let foreignChannel: string;

beforeAll(async () => {
  api = await createTestMessagingApi();
  kit = inboxKit(api);
  channel = await kit.channel(account);
  foreignChannel = await kit.channel(otherAccount);
});
afterAll(() => api?.cleanup());

describe('POST /v1/conversations', () => {
  it('creates an open, queued conversation with the next display id and emits conversation.created', async () => {
    const a = await kit.conversation(admin, channel, {
      subject: ' Lost card ',
      priority: 'urgent',
      labels: ['Cards', 'cards'],
    });
    const b = await kit.conversation(admin, channel);
    expect(a).toMatchObject({
      status: 'open',
      subject: 'Lost card',
      priority: 'urgent',
      labels: ['cards'],
      channel_type: 'whatsapp',
    });
    expect(a.queued_at).toEqual(expect.any(String));
    expect(b.display_id).toBe(a.display_id + 1);
    const [created] = await kit.events(a.id, 'conversation.created');
    expect(created).toMatchObject({
      account_id: account,
      aggregate_type: 'conversation',
      data: { conversation: { id: a.id } },
    });
  });

  it('hands out distinct display ids to concurrent creates', async () => {
    const made = await Promise.all(Array.from({ length: 12 }, () => kit.conversation(admin, channel)));
    expect(new Set(made.map((c) => c.display_id)).size).toBe(12);
  });

  it("answers 404 for another account's channel and 409 naming the active conversation", async () => {
    const body = { channel_id: foreignChannel, contact_identifier: '+251900000001' };
    expect((await kit.call('POST', '/v1/conversations', admin, body)).status).toBe(404);
    const first = await kit.conversation(admin, channel, { contact_identifier: '+251900000002' });
    const again = await kit.call('POST', '/v1/conversations', admin, {
      channel_id: channel,
      contact_identifier: '+251900000002',
    });
    expect(again).toMatchObject({
      status: 409,
      body: { error: 'conflict', details: { conversation_id: first.id } },
    });
    await kit.call('PATCH', `/v1/conversations/${first.id}`, admin, { assignee_id: admin.userId });
    await kit.call('PATCH', `/v1/conversations/${first.id}`, admin, { status: 'resolved' });
    expect(
      (
        await kit.call('POST', '/v1/conversations', admin, {
          channel_id: channel,
          contact_identifier: '+251900000002',
        })
      ).status,
    ).toBe(201);
  });

  it('takes the contact and name from the channel identity, and queues a team with a history row', async () => {
    const contact = randomUUID();
    const team = randomUUID();
    api.directory.addContacts(account, contact);
    api.directory.addTeams(account, team);
    await kit.call('POST', '/v1/contact-identifiers', admin, {
      contact_id: contact,
      channel_type: 'whatsapp',
      identifier: '+251911222333',
      display_name: 'Abebe Kebede',
    });
    const conv = await kit.conversation(admin, channel, {
      contact_identifier: '+251911222333',
      team_id: team,
    });
    expect(conv).toMatchObject({ contact_id: contact, contact_name: 'Abebe Kebede', team_id: team });
    const history = (await kit.call('GET', `/v1/conversations/${conv.id}/assignments`, admin)).body.data;
    expect(history).toEqual([expect.objectContaining({ team_id: team, assignee_id: null, ended_at: null })]);
  });

  it("refuses another account's contact or team with 422 and stores nothing", async () => {
    const theirContact = randomUUID();
    const theirTeam = randomUUID();
    api.directory.addContacts(otherAccount, theirContact);
    api.directory.addTeams(otherAccount, theirTeam);
    const before = (await kit.call('GET', '/v1/conversations', admin)).body.meta.total;
    const res = await kit.call('POST', '/v1/conversations', admin, {
      channel_id: channel,
      contact_identifier: '+251911999001',
      contact_id: theirContact,
      team_id: theirTeam,
    });
    expect(res).toMatchObject({
      status: 422,
      body: {
        error: 'validation_error',
        details: {
          errors: [
            { field: 'body.team_id', message: 'Not a team of this account' },
            { field: 'body.contact_id', message: 'Not a contact of this account' },
          ],
        },
      },
    });
    expect((await kit.call('GET', '/v1/conversations', admin)).body.meta.total).toBe(before);
  });

  it('answers 503 while the Account API cannot check the contact, and creates once it can', async () => {
    const contact = randomUUID();
    api.directory.addContacts(account, contact);
    const body = { channel_id: channel, contact_identifier: '+251911999002', contact_id: contact };
    api.directory.setUnavailable(true);
    try {
      const res = await kit.call('POST', '/v1/conversations', admin, body);
      expect(res).toMatchObject({ status: 503, body: { success: false, error: 'service_unavailable' } });
    } finally {
      api.directory.setUnavailable(false);
    }
    expect((await kit.call('POST', '/v1/conversations', admin, body)).status).toBe(201);
  });
});

describe('PATCH /v1/conversations/{id} fields', () => {
  it('tells the story of labels, priority and subject changes in the thread and the outbox', async () => {
    const conv = await kit.conversation(admin, channel, { labels: ['billing'] });
    const res = await kit.call('PATCH', `/v1/conversations/${conv.id}`, admin, {
      labels: ['refund', 'vip'],
      priority: 'high',
      subject: 'Refund request',
    });
    expect(res.body.data).toMatchObject({
      labels: ['refund', 'vip'],
      priority: 'high',
      subject: 'Refund request',
    });
    const thread = (await kit.call('GET', `/v1/conversations/${conv.id}/messages`, admin)).body
      .data as Message[];
    expect(thread.map((m) => m.metadata.event)).toEqual([
      'priority_changed',
      'labels_added',
      'labels_removed',
      'subject_changed',
    ]);
    expect(thread[1]!.content).toBe(`Labels added: refund, vip by ${admin.userId}`);
    const [updated] = await kit.events(conv.id, 'conversation.updated');
    expect(Object.keys(updated!.data.changes as object).sort()).toEqual(['labels', 'priority', 'subject']);
    expect(await kit.events(conv.id, 'conversation.status_changed')).toEqual([]);
  });

  it('changes nothing and emits nothing when the values are the same', async () => {
    const conv = await kit.conversation(admin, channel, { priority: 'low' });
    const before = (await kit.events(conv.id)).length;
    expect((await kit.call('PATCH', `/v1/conversations/${conv.id}`, admin, { priority: 'low' })).status).toBe(
      200,
    );
    expect(await kit.events(conv.id)).toHaveLength(before);
    expect((await kit.call('PATCH', `/v1/conversations/${conv.id}`, admin, {})).status).toBe(422);
  });
});

describe('tenancy of every conversation route', () => {
  let conv: Conversation;
  beforeAll(async () => {
    conv = await kit.conversation(admin, channel);
  });

  const routes: [string, string, unknown?][] = [
    ['GET', ''],
    ['PATCH', '', { priority: 'high' }],
    ['DELETE', ''],
    ['GET', '/messages'],
    ['POST', '/messages', { content: 'hi' }],
    ['POST', '/assign', { assignee_id: null }],
    ['GET', '/assignments'],
    ['POST', '/read'],
  ];
  it.each(routes)('%s /v1/conversations/{id}%s is 404 for another account', async (method, suffix, body) => {
    const res = await kit.call(method, `/v1/conversations/${conv.id}${suffix}`, outsider, body);
    expect(res.status).toBe(404);
    expect(res.body.error).toBe('not_found');
  });

  it('leaves the conversation untouched by those attempts', async () => {
    const data = (await kit.call('GET', `/v1/conversations/${conv.id}`, admin)).body.data;
    expect(data).toMatchObject({ status: 'open', priority: 'normal', messages: [] });
    const counts = (await kit.call('GET', '/v1/conversations/counts', outsider)).body.data;
    expect(counts.all).toBe(0);
  });
});

describe('OpenAPI', () => {
  it('documents the inbox, thread, canned response and identity routes', async () => {
    const res = await api.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const paths = Object.keys(res.json().paths);
    for (const path of [
      '/v1/conversations',
      '/v1/conversations/counts',
      '/v1/conversations/{id}/messages',
      '/v1/conversations/{id}/assign',
      '/v1/canned-responses/{id}/render',
      '/v1/contact-identifiers/{id}',
    ]) {
      expect(paths).toContain(path);
    }
  });
});
