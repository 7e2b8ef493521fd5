import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PipelineHarness, startPipelineHarness } from '../channels/test-harness';
import { seedConversation } from '../inbound/test-seed';

let h: PipelineHarness;
const greeting = {
  name: 'greeting',
  language: 'en',
  content: 'Hi {{contact_name}}, your order {{order_id}} ships soon. {{signature}}',
  variables: [{ name: 'signature', default: '— ACME Support' }, { name: 'order_id' }],
};

beforeAll(async () => {
  h = await startPipelineHarness({ workers: false });
});
afterAll(() => h.cleanup());

async function createTemplate(body: Record<string, unknown>) {
  const response = await h.inject('POST', '/v1/templates', h.admin, body);
  expect(response.statusCode).toBe(201);
  return response.json().data;
}

describe('templates', () => {
  it('creates, lists, updates and deletes a template', async () => {
    const template = await createTemplate({ ...greeting, name: 'crud' });
    expect(template).toMatchObject({ name: 'crud', placeholders: ['contact_name', 'order_id', 'signature'] });
    const listed = await h.inject('GET', '/v1/templates?filter=name:eq:crud', h.agent);
    expect(listed.json().data).toHaveLength(1);
    const patched = await h.inject('PATCH', `/v1/templates/${template.id}`, h.admin, {
      channel_type: 'whatsapp',
      provider_template_name: 'order_update',
    });
    expect(patched.json().data).toMatchObject({
      channel_type: 'whatsapp',
      provider_template_name: 'order_update',
    });
    expect((await h.inject('DELETE', `/v1/templates/${template.id}`, h.admin)).statusCode).toBe(204);
    expect((await h.inject('GET', `/v1/templates/${template.id}`, h.admin)).statusCode).toBe(404);
  });

  it('answers 409 for a second template of the same name and language', async () => {
    await createTemplate({ ...greeting, name: 'twice' });
    expect(
      (await h.inject('POST', '/v1/templates', h.admin, { ...greeting, name: 'twice' })).statusCode,
    ).toBe(409);
    await createTemplate({ ...greeting, name: 'twice', language: 'am' });
  });

  it('lets agents read and render but not manage', async () => {
    expect(
      (await h.inject('POST', '/v1/templates', h.agent, { ...greeting, name: 'agent' })).statusCode,
    ).toBe(403);
  });

  it('answers 422 for a bad variable declaration', async () => {
    const response = await h.inject('POST', '/v1/templates', h.admin, {
      ...greeting,
      name: 'bad',
      variables: [{ name: 'has space' }],
    });
    expect(response.statusCode).toBe(422);
  });

  it('renders with conversation and contact fields and reports what is missing', async () => {
    const template = await createTemplate({ ...greeting, name: 'render' });
    const channel = await h.createChannel('webchat', {});
    const conversation = await seedConversation(h, { id: channel.id, type: 'webchat' }, 'visitor-1');
    h.accountApi.server.on('GET', `/internal/contacts/${conversation.contactId}`, () => ({
      body: {
        success: true,
        message: null,
        data: {
          id: conversation.contactId,
          account_id: h.accountId,
          name: 'Abebe Kebede',
          phone: '+251911000000',
          email: null,
          labels: [],
          properties: {},
          merged_into_id: null,
          created_at: new Date().toISOString(),
          updated_at: new Date().toISOString(),
        },
      },
    }));
    h.accountApi.server.on('GET', `/internal/users/${h.agent.userId}`, () => ({
      body: {
        success: true,
        message: null,
        data: { id: h.agent.userId, name: 'Sara Agent', email: 'sara@acme.example', is_active: true },
      },
    }));
    const response = await h.inject('POST', `/v1/templates/${template.id}/render`, h.agent, {
      conversation_id: conversation.id,
      values: { ordr_id: 'A-1' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().data).toMatchObject({
      text: 'Hi Abebe Kebede, your order {{order_id}} ships soon. — ACME Support',
      missing: ['order_id'],
      unused: ['ordr_id'],
      values: {
        contact_phone: '+251911000000',
        conversation_display_id: conversation.displayId,
        agent_name: 'Sara Agent',
      },
    });
    const fixed = await h.inject('POST', `/v1/templates/${template.id}/render`, h.agent, {
      conversation_id: conversation.id,
      values: { order_id: 'A-1', contact_name: 'Abe' },
    });
    expect(fixed.json().data).toMatchObject({
      text: 'Hi Abe, your order A-1 ships soon. — ACME Support',
      missing: [],
    });
  });

  it("answers 404 for another account's template or conversation", async () => {
    const template = await createTemplate({ ...greeting, name: 'private' });
    const other = randomUUID();
    const stranger = { userId: randomUUID(), accountIds: [other], accountRoles: { [other]: 'admin' } };
    expect((await h.inject('GET', `/v1/templates/${template.id}`, stranger)).statusCode).toBe(404);
    const missing = await h.inject('POST', `/v1/templates/${template.id}/render`, h.admin, {
      conversation_id: randomUUID(),
    });
    expect(missing.statusCode).toBe(404);
  });
});
