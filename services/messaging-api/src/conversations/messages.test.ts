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
const agent = member(account, 'agent');
const outsider = member(otherAccount, 'admin');
let channel: string;

beforeAll(async () => {
  api = await createTestMessagingApi();
  api.directory.addMembers(account, agent.userId);
  kit = inboxKit(api);
  channel = await kit.channel(account);
});
afterAll(() => api?.cleanup());

const post = (conv: Conversation, who: typeof admin, body: Record<string, unknown>) =>
  kit.call('POST', `/v1/conversations/${conv.id}/messages`, who, body);
/** A canned response of the caller's account, made through the API; its id. */
async function cannedResponse(who: typeof admin, shortCode: string): Promise<string> {
  const res = await kit.call('POST', '/v1/canned-responses', who, {
    short_code: shortCode,
    title: 't',
    content: 'c',
  });
  return res.body.data.id;
}
const detail = async (conv: Conversation, who = admin) =>
  (await kit.call('GET', `/v1/conversations/${conv.id}`, who)).body.data;

describe('POST /v1/conversations/{id}/messages', () => {
  it('stores a reply outbound/agent queued for the dispatcher and emits message.created', async () => {
    const conv = await kit.conversation(admin, channel);
    await kit.inbound(conv, 'where is my order?');
    const res = await post(conv, agent, { content: 'Let me check that for you.' });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      direction: 'outbound',
      sender_type: 'agent',
      sender_id: agent.userId,
      status: 'queued',
      is_private: false,
    });
    const [event] = (await kit.events(conv.id, 'conversation.message.created')).slice(-1);
    expect(event!.data).toMatchObject({
      message: { id: res.body.data.id, status: 'queued' },
      conversation: { id: conv.id, last_message_preview: 'Let me check that for you.' },
      is_new_conversation: false,
    });
  });

  it('assigns an unassigned open conversation to the replier, with its activity line first', async () => {
    const conv = await kit.conversation(admin, channel);
    await post(conv, agent, { content: 'Hi!' });
    expect(await detail(conv)).toMatchObject({ status: 'assigned', assignee_id: agent.userId });
    const thread = (await kit.call('GET', `/v1/conversations/${conv.id}/messages`, admin)).body.data;
    expect(thread.map((m: Message) => m.direction)).toEqual(['system', 'outbound']);
  });

  it('sets first_reply_at once, on the first non-private reply, and clears waiting_since', async () => {
    const conv = await kit.conversation(admin, channel);
    await kit.inbound(conv, 'hello?');
    await post(conv, admin, { content: 'note to self', is_private: true });
    const afterNote = await detail(conv);
    expect(afterNote.first_reply_at).toBeNull();
    expect(afterNote.waiting_since).toEqual(expect.any(String));
    await post(conv, admin, { content: 'Hello, how can I help?' });
    const first = (await detail(conv)).first_reply_at;
    expect(first).toEqual(expect.any(String));
    await post(conv, admin, { content: 'Anything else?' });
    expect(await detail(conv)).toMatchObject({ first_reply_at: first, waiting_since: null });
  });

  it('keeps a private note internal: status sent, never queued, preview untouched, event says private', async () => {
    const conv = await kit.conversation(admin, channel);
    await kit.inbound(conv, 'customer text');
    const res = await post(conv, admin, { content: 'VIP, be nice', is_private: true });
    expect(res.body.data).toMatchObject({ is_private: true, status: 'sent', direction: 'outbound' });
    const row = await detail(conv);
    expect(row).toMatchObject({ last_message_preview: 'customer text', status: 'open', assignee_id: null });
    const [event] = (await kit.events(conv.id, 'conversation.message.created')).slice(-1);
    expect(event!.data).toMatchObject({ message: { is_private: true, status: 'sent' } });
  });

  it('keeps a pending conversation pending when the agent replies', async () => {
    const conv = await kit.conversation(admin, channel);
    await kit.call('PATCH', `/v1/conversations/${conv.id}`, admin, { assignee_id: agent.userId });
    await kit.call('PATCH', `/v1/conversations/${conv.id}`, agent, { status: 'pending' });
    await post(conv, agent, { content: 'Still waiting on the courier.' });
    expect(await detail(conv)).toMatchObject({ status: 'pending', assignee_id: agent.userId });
  });

  it('refuses messages on a closed conversation with 409 and empty messages with 422', async () => {
    const conv = await kit.conversation(admin, channel);
    expect((await post(conv, admin, { content: '   ' })).status).toBe(422);
    await kit.call('DELETE', `/v1/conversations/${conv.id}`, admin);
    expect((await post(conv, admin, { content: 'hello?' })).status).toBe(409);
  });

  it('records canned response and template ids and previews attachments', async () => {
    const conv = await kit.conversation(admin, channel);
    const canned = await cannedResponse(admin, 'thanks');
    const res = await post(conv, admin, {
      attachments: [{ type: 'image', url: 'https://files.example/a.png' }],
      canned_response_id: canned,
    });
    expect(res.body.data.metadata).toEqual({ canned_response_id: canned });
    expect((await detail(conv)).last_message_preview).toBe('[image]');
  });

  it("refuses another account's canned response with 422 and stores no message", async () => {
    const conv = await kit.conversation(admin, channel);
    const theirs = await cannedResponse(outsider, 'theirs');
    for (const canned_response_id of [theirs, randomUUID()]) {
      const res = await post(conv, admin, { content: 'hi', canned_response_id });
      expect(res).toMatchObject({
        status: 422,
        body: {
          error: 'validation_error',
          details: {
            errors: [{ field: 'body.canned_response_id', message: 'Not a canned response of this account' }],
          },
        },
      });
    }
    expect(await kit.events(conv.id, 'conversation.message.created')).toHaveLength(0);
    expect(await detail(conv)).toMatchObject({ assignee_id: null, status: 'open' });
  });
});

describe('template ids on messages', () => {
  const template = async (who: typeof admin, name: string): Promise<string> => {
    const res = await kit.call('POST', '/v1/templates', who, { name, language: 'en', content: 'Hello' });
    expect(res.status).toBe(201);
    return res.body.data.id;
  };

  it("records the account's own template and refuses another account's with 422", async () => {
    const conv = await kit.conversation(admin, channel);
    const ours = await template(admin, 'ours');
    const recorded = await post(conv, admin, { content: 'Hello', template_id: ours });
    expect(recorded.body.data.metadata).toEqual({ template_id: ours });

    const before = (await kit.events(conv.id, 'conversation.message.created')).length;
    const theirs = await template(outsider, 'theirs');
    for (const template_id of [theirs, randomUUID()]) {
      const res = await post(conv, admin, { content: 'hi', template_id });
      expect(res).toMatchObject({
        status: 422,
        body: {
          details: { errors: [{ field: 'body.template_id', message: 'Not a template of this account' }] },
        },
      });
    }
    expect(await kit.events(conv.id, 'conversation.message.created')).toHaveLength(before);
  });
});

describe('GET /v1/conversations/{id}/messages and read markers', () => {
  it('pages the thread oldest first with before/after cursors, without gaps or repeats', async () => {
    const conv = await kit.conversation(admin, channel);
    const start = Date.now() - 60_000;
    for (let i = 0; i < 25; i++) await kit.inbound(conv, `m${i}`, new Date(start + i * 1000));
    const latest = (await kit.call('GET', `/v1/conversations/${conv.id}/messages?limit=10`, admin)).body;
    expect(latest.data.map((m: Message) => m.content)).toEqual(
      Array.from({ length: 10 }, (_, i) => `m${15 + i}`),
    );
    const collected: string[] = latest.data.map((m: Message) => m.content);
    let cursor = latest.meta.older_cursor;
    while (cursor) {
      const page = (
        await kit.call('GET', `/v1/conversations/${conv.id}/messages?limit=10&before=${cursor}`, admin)
      ).body;
      collected.unshift(...page.data.map((m: Message) => m.content));
      cursor = page.meta.older_cursor;
    }
    expect(collected).toEqual(Array.from({ length: 25 }, (_, i) => `m${i}`));
    await kit.inbound(conv, 'newest');
    const newer = (
      await kit.call('GET', `/v1/conversations/${conv.id}/messages?after=${latest.meta.newer_cursor}`, admin)
    ).body;
    expect(newer.data.map((m: Message) => m.content)).toEqual(['newest']);
  });

  it('counts unread customer messages per viewer and clears them on read', async () => {
    const conv = await kit.conversation(admin, channel);
    await kit.inbound(conv, 'one', new Date(Date.now() - 2000));
    await kit.inbound(conv, 'two', new Date(Date.now() - 1000));
    await post(conv, agent, { content: 'our reply is not unread' });
    expect((await detail(conv, admin)).unread_count).toBe(2);
    const read = await kit.call('POST', `/v1/conversations/${conv.id}/read`, agent);
    expect(read.body.data).toMatchObject({ conversation_id: conv.id, user_id: agent.userId });
    expect((await detail(conv, agent)).unread_count).toBe(0);
    expect((await detail(conv, admin)).unread_count).toBe(2);
    await kit.inbound(conv, 'three', new Date(Date.now() + 1000));
    expect((await detail(conv, agent)).unread_count).toBe(1);
  });

  it('shows the detail with the latest messages and every identity of the contact', async () => {
    const contact = randomUUID();
    api.directory.addContacts(account, contact);
    for (const [channel_type, identifier] of [
      ['whatsapp', '+251911000111'],
      ['telegram', '55501'],
    ]) {
      await kit.call('POST', '/v1/contact-identifiers', admin, {
        contact_id: contact,
        channel_type,
        identifier,
      });
    }
    const conv = await kit.conversation(admin, channel, { contact_identifier: '+251911000111' });
    for (let i = 0; i < 25; i++) await kit.inbound(conv, `d${i}`, new Date(Date.now() - 30_000 + i * 1000));
    const data = await detail(conv);
    expect(data.contact_id).toBe(contact);
    expect(data.messages).toHaveLength(20);
    expect(data.messages.at(-1).content).toBe('d24');
    expect(data.contact_identifiers.map((i: { channel_type: string }) => i.channel_type).sort()).toEqual([
      'telegram',
      'whatsapp',
    ]);
  });
});
