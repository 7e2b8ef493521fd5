import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InboxKit, inboxKit, member } from '../conversations/test-kit';
import { createFakeDirectory, createTestMessagingApi } from '../test-support';

let api: Awaited<ReturnType<typeof createTestMessagingApi>>;
let kit: InboxKit;
const account = randomUUID();
const otherAccount = randomUUID();
const admin = member(account, 'admin');
const agent = member(account, 'agent');
const colleague = member(account, 'agent');
const outsider = member(otherAccount, 'admin');
const directory = createFakeDirectory();

beforeAll(async () => {
  directory.setName(account, agent.userId, 'Sara Tesfaye');
  api = await createTestMessagingApi({ directory });
  kit = inboxKit(api);
});
afterAll(() => api?.cleanup());

const create = (who: typeof admin, body: Record<string, unknown>) =>
  kit.call('POST', '/v1/canned-responses', who, body);

describe('/v1/canned-responses', () => {
  it('normalises the short code and refuses a duplicate in the account with 409', async () => {
    const res = await create(agent, { short_code: '/Greeting', title: 'Greeting', content: 'Hello!' });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ short_code: 'greeting', created_by: agent.userId, category: null });
    const dup = await create(admin, { short_code: 'greeting', title: 'Again', content: 'Hi' });
    expect(dup).toMatchObject({ status: 409, body: { details: { field: 'short_code' } } });
    expect((await create(outsider, { short_code: 'greeting', title: 'Theirs', content: 'Hey' })).status).toBe(
      201,
    );
    expect((await create(admin, { short_code: '/bad code!', title: 't', content: 'c' })).status).toBe(422);
  });

  it('lists by category and searches title and short code, never another account', async () => {
    await create(admin, {
      short_code: 'refund',
      title: 'Refund policy',
      content: 'We refund...',
      category: 'Billing',
    });
    await create(admin, {
      short_code: 'invoice',
      title: 'Where is my invoice',
      content: '...',
      category: 'billing',
    });
    const billing = (await kit.call('GET', '/v1/canned-responses?category=billing', admin)).body;
    expect(billing.data.map((r: { short_code: string }) => r.short_code)).toEqual(['invoice', 'refund']);
    const search = (await kit.call('GET', '/v1/canned-responses?q=/ref', agent)).body;
    expect(search.data.map((r: { short_code: string }) => r.short_code)).toEqual(['refund']);
    const all = (await kit.call('GET', '/v1/canned-responses', admin)).body;
    expect(all.meta.total).toBe(3);
    expect((await kit.call('GET', '/v1/canned-responses?filter=bogus:eq:x', admin)).status).toBe(400);
  });

  it('lets the author or a manager edit and delete, not a colleague, and hides it from other tenants', async () => {
    const made = (await create(agent, { short_code: 'bye', title: 'Bye', content: 'Goodbye' })).body.data;
    const url = `/v1/canned-responses/${made.id}`;
    expect((await kit.call('PATCH', url, colleague, { title: 'Mine now' })).status).toBe(403);
    expect((await kit.call('PATCH', url, agent, { short_code: '/farewell' })).body.data.short_code).toBe(
      'farewell',
    );
    expect((await kit.call('PATCH', url, agent, { short_code: 'greeting' })).status).toBe(409);
    for (const method of ['GET', 'PATCH', 'DELETE']) {
      expect(
        (await kit.call(method, url, outsider, method === 'PATCH' ? { title: 'x' } : undefined)).status,
      ).toBe(404);
    }
    expect((await kit.call('DELETE', url, admin)).status).toBe(204);
    expect((await kit.call('GET', url, agent)).status).toBe(404);
  });
});

describe('POST /v1/canned-responses/{id}/render', () => {
  let conversationId: string;
  let cannedId: string;
  beforeAll(async () => {
    const channel = await kit.channel(account);
    const contact = randomUUID();
    directory.addContacts(account, contact);
    await kit.call('POST', '/v1/contact-identifiers', admin, {
      contact_id: contact,
      channel_type: 'whatsapp',
      identifier: '+251911777888',
      display_name: 'Abebe Kebede',
    });
    const conv = await kit.conversation(admin, channel, { contact_identifier: '+251911777888' });
    conversationId = conv.id;
    const canned = await create(admin, {
      short_code: 'welcome',
      title: 'Welcome',
      content:
        'Hi {{contact_first_name | default: "there"}}, I am {{agent_name}} (#{{conversation_id}}). {{mood}}',
    });
    cannedId = canned.body.data.id;
  });
  const render = (who: typeof admin, body: Record<string, unknown>) =>
    kit.call('POST', `/v1/canned-responses/${cannedId}/render`, who, body);

  it('fills the variables from the conversation and the directory, and reports unknown ones', async () => {
    const res = await render(agent, { conversation_id: conversationId });
    expect(res.body.data).toEqual({
      content: 'Hi Abebe, I am Sara Tesfaye (#1). {{mood}}',
      missing: ['mood'],
      unknown: ['mood'],
      is_complete: false,
    });
  });

  it('takes agent_name from the body, and leaves an unfilled name visible when nobody knows it', async () => {
    expect(
      (await render(admin, { conversation_id: conversationId, agent_name: 'Lidya' })).body.data.content,
    ).toContain('I am Lidya');
    const unnamed = (await render(admin, { conversation_id: conversationId })).body.data;
    expect(unnamed.content).toContain('I am {{agent_name}}');
    expect(unnamed.missing).toEqual(['agent_name', 'mood']);
  });

  it('answers 404 for a conversation or canned response the caller cannot see', async () => {
    expect((await render(admin, { conversation_id: randomUUID() })).status).toBe(404);
    expect((await render(outsider, { conversation_id: conversationId })).status).toBe(404);
  });
});
