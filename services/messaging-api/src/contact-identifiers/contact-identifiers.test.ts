import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InboxKit, inboxKit, member } from '../conversations/test-kit';
import { createTestMessagingApi } from '../test-support';

let api: Awaited<ReturnType<typeof createTestMessagingApi>>;
let kit: InboxKit;
const account = randomUUID();
const otherAccount = randomUUID();
const admin = member(account, 'admin');
const agent = member(account, 'agent');
const outsider = member(otherAccount, 'admin');

beforeAll(async () => {
  api = await createTestMessagingApi();
  kit = inboxKit(api);
});
afterAll(() => api?.cleanup());

/** A contact the (fake) Account API holds in the account. */
function contactOf(accountId: string) {
  const id = randomUUID();
  api.directory.addContacts(accountId, id);
  return id;
}

const create = (who: typeof admin, body: Record<string, unknown>) =>
  kit.call('POST', '/v1/contact-identifiers', who, body);

describe('/v1/contact-identifiers', () => {
  it('creates, normalises emails, and answers 409 for an identity already linked in the account', async () => {
    const contact = contactOf(account);
    const res = await create(agent, {
      contact_id: contact,
      channel_type: 'email',
      identifier: ' Abebe@Example.COM ',
    });
    expect(res.body.data).toMatchObject({ identifier: 'abebe@example.com', contact_id: contact });
    const dup = await create(admin, {
      contact_id: contactOf(account),
      channel_type: 'email',
      identifier: 'abebe@example.com',
    });
    expect(dup).toMatchObject({ status: 409, body: { error: 'conflict' } });
    const sameIdOtherChannel = await create(admin, {
      contact_id: contact,
      channel_type: 'telegram',
      identifier: 'abebe@example.com',
    });
    expect(sameIdOtherChannel.status).toBe(201);
    const theirs = await create(outsider, {
      contact_id: contactOf(otherAccount),
      channel_type: 'email',
      identifier: 'abebe@example.com',
    });
    expect(theirs.status).toBe(201);
    const mine = (await kit.call('GET', `/v1/contact-identifiers?contact_id=${contact}`, admin)).body;
    expect(mine.meta.total).toBe(2);
  });

  it('re-points an identity and its active conversation, leaving resolved ones with their contact', async () => {
    const [oldContact, newContact] = [contactOf(account), contactOf(account)];
    const channel = await kit.channel(account);
    const identity = (
      await create(admin, { contact_id: oldContact, channel_type: 'whatsapp', identifier: '+251922000001' })
    ).body.data;
    const past = await kit.conversation(admin, channel, { contact_identifier: '+251922000001' });
    await kit.call('PATCH', `/v1/conversations/${past.id}`, admin, { assignee_id: admin.userId });
    await kit.call('PATCH', `/v1/conversations/${past.id}`, admin, { status: 'resolved' });
    const active = await kit.conversation(admin, channel, { contact_identifier: '+251922000001' });
    expect(active.contact_id).toBe(oldContact);

    const res = await kit.call('PATCH', `/v1/contact-identifiers/${identity.id}`, agent, {
      contact_id: newContact,
    });
    expect(res.body.data.contact_id).toBe(newContact);
    expect((await kit.call('GET', `/v1/conversations/${active.id}`, admin)).body.data.contact_id).toBe(
      newContact,
    );
    expect((await kit.call('GET', `/v1/conversations/${past.id}`, admin)).body.data.contact_id).toBe(
      oldContact,
    );
    const [event] = await kit.events(active.id, 'conversation.updated');
    expect(event!.data).toMatchObject({
      changes: { contact_id: { from: oldContact, to: newContact } },
      actor_id: agent.userId,
    });

    await kit.call('DELETE', `/v1/conversations/${active.id}`, admin);
    const future = await kit.conversation(admin, channel, { contact_identifier: '+251922000001' });
    expect(future.contact_id).toBe(newContact);
  });

  it('keeps other tenants out and lets only managers delete', async () => {
    const row = (
      await create(agent, {
        contact_id: contactOf(account),
        channel_type: 'sms',
        identifier: '+251933000001',
      })
    ).body.data;
    const url = `/v1/contact-identifiers/${row.id}`;
    for (const method of ['GET', 'PATCH', 'DELETE']) {
      const body = method === 'PATCH' ? { display_name: 'x' } : undefined;
      expect((await kit.call(method, url, outsider, body)).status).toBe(404);
    }
    expect(
      (await kit.call('GET', '/v1/contact-identifiers', outsider)).body.data.map((r: { id: string }) => r.id),
    ).not.toContain(row.id);
    expect((await kit.call('DELETE', url, agent)).status).toBe(403);
    expect((await kit.call('PATCH', url, agent, { display_name: 'Almaz' })).body.data.display_name).toBe(
      'Almaz',
    );
    expect((await kit.call('DELETE', url, admin)).status).toBe(204);
    expect((await kit.call('GET', url, admin)).status).toBe(404);
  });

  it("refuses another account's contact with 422 on create and re-point, storing nothing", async () => {
    const theirContact = contactOf(otherAccount);
    const created = await create(admin, {
      contact_id: theirContact,
      channel_type: 'sms',
      identifier: '+251944000001',
    });
    expect(created).toMatchObject({
      status: 422,
      body: {
        error: 'validation_error',
        details: { errors: [{ field: 'body.contact_id', message: 'Not a contact of this account' }] },
      },
    });
    const listed = await kit.call('GET', '/v1/contact-identifiers?q=251944000001', admin);
    expect(listed.body.data).toEqual([]);
    const mine = contactOf(account);
    const row = (await create(admin, { contact_id: mine, channel_type: 'sms', identifier: '+251944000002' }))
      .body.data;
    const url = `/v1/contact-identifiers/${row.id}`;
    expect((await kit.call('PATCH', url, admin, { contact_id: theirContact })).status).toBe(422);
    expect((await kit.call('PATCH', url, admin, { contact_id: randomUUID() })).status).toBe(422);
    expect((await kit.call('GET', url, admin)).body.data.contact_id).toBe(mine);
  });

  it('answers 503 while the Account API cannot check the contact', async () => {
    const mine = contactOf(account);
    api.directory.setUnavailable(true);
    try {
      const res = await create(admin, { contact_id: mine, channel_type: 'sms', identifier: '+251944000003' });
      expect(res).toMatchObject({ status: 503, body: { success: false, error: 'service_unavailable' } });
    } finally {
      api.directory.setUnavailable(false);
    }
    const res = await create(admin, { contact_id: mine, channel_type: 'sms', identifier: '+251944000003' });
    expect(res.status).toBe(201);
  });
});
