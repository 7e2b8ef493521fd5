import { randomUUID } from 'node:crypto';
import { type Conversation, listEnvelope } from '@turumba/contracts';
import { gatewayHeaders } from '@turumba/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeDirectory, createTestMessagingApi } from '../test-support';
import { InboxConversation } from './schema';
import { type InboxKit, inboxKit, member } from './test-kit';

let api: Awaited<ReturnType<typeof createTestMessagingApi>>;
let kit: InboxKit;
const accountA = randomUUID();
const accountB = randomUUID();
const [teamOne, teamTwo] = [randomUUID(), randomUUID()];
const admin = member(accountA, 'admin');
const supervisor = member(accountA, 'supervisor');
const agentOne = member(accountA, 'agent');
const agentTwo = member(accountA, 'agent');
const adminB = member(accountB, 'admin');
const c: Record<string, Conversation> = {};
let other: Conversation;

const ids = (res: { body: { data: { id: string }[] } }) => res.body.data.map((row) => row.id).sort();
const named = (...names: string[]) => names.map((n) => c[n]!.id).sort();

beforeAll(async () => {
  const directory = createFakeDirectory();
  directory.setTeams(accountA, agentOne.userId, [teamOne]);
  directory.setTeams(accountA, agentTwo.userId, [teamTwo]);
  api = await createTestMessagingApi({ directory });
  kit = inboxKit(api);
  const channel = await kit.channel(accountA);
  const make = (body: Record<string, unknown> = {}) => kit.conversation(admin, channel, body);
  c.queue = await make({ subject: 'Refund 100% please', labels: ['billing', 'vip'], priority: 'high' });
  c.teamOneQueue = await make({ team_id: teamOne, labels: ['billing'] });
  c.teamTwoQueue = await make({ team_id: teamTwo });
  const contact = randomUUID();
  directory.addContacts(accountA, contact);
  c.mine = await make({ contact_id: contact });
  c.teammates = await make({ team_id: teamOne });
  c.othersOwn = await make();
  c.resolved = await make();
  const assign = (conv: Conversation, who: string) =>
    kit.call('POST', `/v1/conversations/${conv.id}/assign`, admin, { assignee_id: who });
  await assign(c.mine, agentOne.userId);
  await assign(c.teammates, agentTwo.userId);
  await assign(c.othersOwn, agentTwo.userId);
  await assign(c.resolved, agentOne.userId);
  await kit.call('PATCH', `/v1/conversations/${c.resolved.id}`, admin, { status: 'resolved' });
  await kit.inbound(c.othersOwn, 'my parcel never arrived');
  other = await kit.conversation(adminB, await kit.channel(accountB), { subject: 'Refund 100% please' });
});
afterAll(() => api?.cleanup());

describe('GET /v1/conversations visibility', () => {
  it('shows admins and supervisors the whole account and nothing of another', async () => {
    const all = named('queue', 'teamOneQueue', 'teamTwoQueue', 'mine', 'teammates', 'othersOwn', 'resolved');
    for (const who of [admin, supervisor]) {
      const res = await kit.call('GET', '/v1/conversations', who);
      expect(ids(res)).toEqual(all);
      expect(res.body.meta).toEqual({ total: 7, skip: 0, limit: 100 });
    }
  });

  it("shows an agent their own, their team's and the unteamed queue, never another team's", async () => {
    const res = await kit.call('GET', '/v1/conversations', agentOne);
    expect(ids(res)).toEqual(named('queue', 'teamOneQueue', 'mine', 'teammates', 'resolved'));
    const two = await kit.call('GET', '/v1/conversations', agentTwo);
    expect(ids(two)).toEqual(named('queue', 'teamTwoQueue', 'teammates', 'othersOwn'));
  });

  it("answers 404 to an agent opening another team's or another agent's conversation", async () => {
    for (const conv of [c.teamTwoQueue, c.othersOwn]) {
      expect((await kit.call('GET', `/v1/conversations/${conv!.id}`, agentOne)).status).toBe(404);
    }
    expect((await kit.call('GET', `/v1/conversations/${c.teammates!.id}`, agentOne)).status).toBe(200);
  });

  it('treats another tenant selected by X-Account-Id as not found and never lists it', async () => {
    const url = '/v1/conversations';
    const headers = { ...gatewayHeaders('GET', url, admin), 'x-account-id': accountB };
    expect((await api.app.inject({ method: 'GET', url, headers })).statusCode).toBe(404);
    const res = await kit.call('GET', '/v1/conversations?q=Refund', admin);
    expect(ids(res)).toEqual(named('queue'));
    expect(ids(await kit.call('GET', '/v1/conversations', adminB))).toEqual([other.id]);
  });

  it('rejects identity headers that the gateway did not sign, and a signed request without a user', async () => {
    const url = '/v1/conversations';
    const forged = { ...gatewayHeaders('GET', url, admin), 'x-account-ids': accountB };
    expect((await api.app.inject({ method: 'GET', url, headers: forged })).statusCode).toBe(401);
    expect((await kit.call('GET', url)).status).toBe(401);
  });
});

describe('GET /v1/conversations filters', () => {
  it.each([
    ['?assignee_id=me', agentOne, ['mine', 'resolved']],
    ['?unassigned=true', admin, ['queue', 'teamOneQueue', 'teamTwoQueue']],
    ['?status=assigned,resolved', admin, ['mine', 'teammates', 'othersOwn', 'resolved']],
    [`?team_id=${teamOne}`, admin, ['teamOneQueue', 'teammates']],
    ['?labels=billing', admin, ['queue', 'teamOneQueue']],
    ['?labels=billing,vip', admin, ['queue']],
    ['?priority=high,urgent', admin, ['queue']],
    ['?q=100%25', admin, ['queue']],
    ['?q=parcel', admin, ['othersOwn']],
    ['?q=parcel', agentOne, []],
    ['?q=please%20refu', admin, ['queue']],
    ['?q=Refund%20PLEASE', admin, ['queue']],
    ['?q=ref%20please', admin, []],
    ['?q=never%20parc', admin, ['othersOwn']],
    ['?filter=status:in:open,bot&filter=team_id:is_null', admin, ['queue']],
  ] as const)('%s narrows the inbox', async (query, who, expected) => {
    const res = await kit.call('GET', `/v1/conversations${query}`, who);
    expect(res.status).toBe(200);
    expect(ids(res)).toEqual(named(...expected));
    // The route's compiled serializer does not re-check values: the contract is checked here.
    expect(listEnvelope(InboxConversation).parse(res.body)).toEqual(res.body);
  });

  it('counts the matches of a text search, also on a page past the last one', async () => {
    const first = await kit.call('GET', '/v1/conversations?q=please&limit=1', admin);
    expect(ids(first)).toEqual(named('queue'));
    expect(first.body.meta).toEqual({ total: 1, skip: 0, limit: 1 });
    const past = await kit.call('GET', '/v1/conversations?q=please&skip=5', admin);
    expect(past.body.data).toEqual([]);
    expect(past.body.meta.total).toBe(1);
    const none = await kit.call('GET', '/v1/conversations?q=zzzz', admin);
    expect(none.body.meta.total).toBe(0);
  });

  it('filters by assignee, channel and contact ids', async () => {
    const byAssignee = await kit.call('GET', `/v1/conversations?assignee_id=${agentTwo.userId}`, admin);
    expect(ids(byAssignee)).toEqual(named('teammates', 'othersOwn'));
    const byContact = await kit.call('GET', `/v1/conversations?contact_id=${c.mine!.contact_id}`, admin);
    expect(ids(byContact)).toEqual(named('mine'));
    const byChannel = await kit.call(
      'GET',
      `/v1/conversations?channel_id=${c.mine!.channel_id}&limit=1`,
      admin,
    );
    expect(byChannel.body.meta.total).toBe(7);
  });

  it.each([
    ['?filter=bogus:eq:1', 400],
    ['?filter=status:gt:open', 400],
    ['?sort=subject:asc', 400],
    ['?sort=last_message_at:sideways', 400],
    ['?status=opened', 422],
    ['?assignee_id=someone', 422],
    ['?limit=501', 422],
    ['?cursor=not-a-cursor', 400],
  ])('rejects %s with %i', async (query, status) => {
    expect((await kit.call('GET', `/v1/conversations${query}`, admin)).status).toBe(status);
  });

  it('sorts by a whitelisted field, newest activity first by default', async () => {
    const byDisplay = await kit.call('GET', '/v1/conversations?sort=display_id:asc', admin);
    const displayIds = byDisplay.body.data.map((row: Conversation) => row.display_id);
    expect(displayIds).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const byDefault = await kit.call('GET', '/v1/conversations', admin);
    expect(byDefault.body.data[0].id).toBe(c.othersOwn!.id);
    const times = byDefault.body.data.map((row: Conversation) => row.last_message_at);
    expect(times).toEqual([...times].sort().reverse());
  });

  it('gives each row what an inbox row shows', async () => {
    const res = await kit.call('GET', `/v1/conversations?assignee_id=${agentTwo.userId}&q=parcel`, admin);
    expect(res.body.data[0]).toMatchObject({
      last_message_preview: 'my parcel never arrived',
      unread_count: 1,
      channel_type: 'whatsapp',
      contact_name: null,
      status: 'assigned',
    });
  });
});

describe('GET /v1/conversations/counts', () => {
  it("counts the viewer's tabs over active conversations, by status over all", async () => {
    const agent = await kit.call('GET', '/v1/conversations/counts', agentOne);
    expect(agent.body.data).toEqual({
      mine: 1,
      unassigned: 2,
      team: 2,
      all: 4,
      by_status: { open: 2, bot: 0, assigned: 2, pending: 0, resolved: 1, closed: 0 },
    });
    const manager = await kit.call('GET', '/v1/conversations/counts', admin);
    expect(manager.body.data).toMatchObject({ mine: 0, unassigned: 3, team: 0, all: 6 });
    expect(manager.body.data.by_status).toMatchObject({ open: 3, assigned: 3, resolved: 1 });
  });

  it('never counts another tenant', async () => {
    const res = await kit.call('GET', '/v1/conversations/counts', adminB);
    expect(res.body.data).toMatchObject({ all: 1, unassigned: 1 });
  });
});
