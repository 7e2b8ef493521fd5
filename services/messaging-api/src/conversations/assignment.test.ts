import { randomUUID } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversationAssignments } from '../assignments/tables';
import { createFakeDirectory, createTestMessagingApi } from '../test-support';
import { type InboxKit, inboxKit, member } from './test-kit';

let api: Awaited<ReturnType<typeof createTestMessagingApi>>;
let kit: InboxKit;
const account = randomUUID();
const team = randomUUID();
const admin = member(account, 'admin');
const supervisor = member(account, 'supervisor');
const agent = member(account, 'agent');
const colleague = member(account, 'agent');
let channel: string;
const directory = createFakeDirectory();

beforeAll(async () => {
  directory.setTeams(account, agent.userId, [team]);
  directory.addMembers(account, admin.userId, supervisor.userId, colleague.userId);
  api = await createTestMessagingApi({ directory });
  kit = inboxKit(api);
  channel = await kit.channel(account);
});
afterAll(() => api?.cleanup());

const assign = (id: string, who: typeof admin, body: Record<string, unknown>) =>
  kit.call('POST', `/v1/conversations/${id}/assign`, who, body);
const history = async (id: string) =>
  (await kit.call('GET', `/v1/conversations/${id}/assignments`, admin)).body;
const openRows = (conversationId: string) =>
  kit.db
    .select()
    .from(conversationAssignments)
    .where(
      and(
        eq(conversationAssignments.conversationId, conversationId),
        isNull(conversationAssignments.endedAt),
      ),
    );

describe('POST /v1/conversations/{id}/assign', () => {
  it('assigns, records history with ended_at on handover, and returns it to the queue on unassign', async () => {
    const conv = await kit.conversation(admin, channel, { team_id: team });
    const first = await assign(conv.id, supervisor, { assignee_id: agent.userId });
    expect(first.status).toBe(200);
    expect(first.body.data).toMatchObject({ status: 'assigned', assignee_id: agent.userId, queued_at: null });
    await assign(conv.id, supervisor, { assignee_id: colleague.userId });
    const back = await assign(conv.id, admin, { assignee_id: null });
    expect(back.body.data).toMatchObject({ status: 'open', assignee_id: null, team_id: team });
    expect(back.body.data.queued_at).toEqual(expect.any(String));
    const rows = await history(conv.id);
    expect(rows.meta.total).toBe(4);
    expect(rows.data.map((r: { assignee_id: string | null }) => r.assignee_id)).toEqual([
      null,
      agent.userId,
      colleague.userId,
      null,
    ]);
    expect(rows.data.slice(0, 3).every((r: { ended_at: string | null }) => r.ended_at !== null)).toBe(true);
    expect(rows.data[3]).toMatchObject({
      team_id: team,
      ended_at: null,
      reason: 'manual',
      assigned_by: admin.userId,
    });
  });

  it('lets an agent take a queued conversation and release it, but not assign others', async () => {
    const conv = await kit.conversation(admin, channel);
    expect((await assign(conv.id, agent, { assignee_id: colleague.userId })).status).toBe(403);
    expect((await assign(conv.id, agent, { assignee_id: agent.userId })).status).toBe(200);
    expect((await assign(conv.id, colleague, { assignee_id: colleague.userId })).status).toBe(404);
    expect((await assign(conv.id, agent, { assignee_id: null })).status).toBe(200);
  });

  it("refuses an agent taking a teammate's conversation with 409 and unassigning it with 403", async () => {
    const conv = await kit.conversation(admin, channel, { team_id: team });
    await assign(conv.id, admin, { assignee_id: colleague.userId });
    const take = await assign(conv.id, agent, { assignee_id: agent.userId });
    expect(take).toMatchObject({ status: 409, body: { details: { assignee_id: colleague.userId } } });
    expect((await assign(conv.id, agent, { assignee_id: null })).status).toBe(403);
    expect((await assign(conv.id, agent, { team_id: null })).status).toBe(200);
  });

  it('writes conversation.assigned and an activity line in the same transaction', async () => {
    const conv = await kit.conversation(admin, channel);
    await assign(conv.id, admin, { assignee_id: agent.userId });
    const [event] = await kit.events(conv.id, 'conversation.assigned');
    expect(event!.data).toMatchObject({
      assignee_id: agent.userId,
      previous_assignee_id: null,
      assigned_by: admin.userId,
      reason: 'manual',
      conversation: { status: 'assigned' },
    });
    const thread = (await kit.call('GET', `/v1/conversations/${conv.id}/messages`, admin)).body.data;
    expect(thread).toEqual([
      expect.objectContaining({
        direction: 'system',
        sender_type: 'system',
        is_private: true,
        content: `Assigned to ${agent.userId} by ${admin.userId}`,
        metadata: expect.objectContaining({ event: 'assigned', actor_id: admin.userId }),
      }),
    ]);
  });

  it('keeps exactly one open assignment row when 64 assigns race', async () => {
    const conv = await kit.conversation(admin, channel);
    const agents = Array.from({ length: 64 }, () => randomUUID());
    directory.addMembers(account, ...agents);
    const results = await Promise.all(agents.map((id) => assign(conv.id, admin, { assignee_id: id })));
    expect(results.every((r) => r.status === 200)).toBe(true);
    const open = await openRows(conv.id);
    expect(open).toHaveLength(1);
    const current = (await kit.call('GET', `/v1/conversations/${conv.id}`, admin)).body.data;
    expect(open[0]!.assigneeId).toBe(current.assignee_id);
    expect((await history(conv.id)).meta.total).toBe(64);
  });

  it("lets exactly one of 64 racing agents take their team's queued conversation; the rest get 409", async () => {
    const conv = await kit.conversation(admin, channel, { team_id: team });
    const racers = Array.from({ length: 64 }, () => member(account, 'agent'));
    for (const racer of racers) directory.setTeams(account, racer.userId, [team]);
    const results = await Promise.all(racers.map((who) => assign(conv.id, who, { assignee_id: who.userId })));
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(63);
    expect(await openRows(conv.id)).toHaveLength(1);
    expect(await kit.events(conv.id, 'conversation.assigned')).toHaveLength(1);
  });

  it('assigns through PATCH {assignee_id} the same way', async () => {
    const conv = await kit.conversation(admin, channel);
    const res = await kit.call('PATCH', `/v1/conversations/${conv.id}`, agent, { assignee_id: agent.userId });
    expect(res.body.data).toMatchObject({ status: 'assigned', assignee_id: agent.userId });
    expect((await history(conv.id)).data).toEqual([expect.objectContaining({ assignee_id: agent.userId })]);
  });

  it('rejects an empty body with 422', async () => {
    const conv = await kit.conversation(admin, channel);
    expect((await assign(conv.id, admin, {})).status).toBe(422);
  });

  it('refuses a user or team of another account with 422 and changes nothing', async () => {
    const conv = await kit.conversation(admin, channel);
    const stranger = randomUUID();
    const strangersTeam = randomUUID();
    const other = randomUUID();
    directory.addMembers(other, stranger);
    directory.addTeams(other, strangersTeam);
    const res = await assign(conv.id, admin, { assignee_id: stranger, team_id: strangersTeam });
    expect(res).toMatchObject({
      status: 422,
      body: {
        success: false,
        error: 'validation_error',
        details: {
          errors: [
            { field: 'body.assignee_id', message: 'Not a user of this account' },
            { field: 'body.team_id', message: 'Not a team of this account' },
          ],
        },
      },
    });
    const patched = await kit.call('PATCH', `/v1/conversations/${conv.id}`, admin, { assignee_id: stranger });
    expect(patched.status).toBe(422);
    const current = (await kit.call('GET', `/v1/conversations/${conv.id}`, admin)).body.data;
    expect(current).toMatchObject({ assignee_id: null, team_id: null, status: 'open' });
    expect(await openRows(conv.id)).toHaveLength(0);
    expect(await kit.events(conv.id, 'conversation.assigned')).toHaveLength(0);
  });

  it('answers 503 while the Account API cannot say, but unassigns and self-assigns without it', async () => {
    const conv = await kit.conversation(admin, channel);
    directory.setUnavailable(true);
    try {
      const res = await assign(conv.id, admin, { assignee_id: colleague.userId });
      expect(res).toMatchObject({ status: 503, body: { success: false, error: 'service_unavailable' } });
      expect((await kit.call('GET', `/v1/conversations/${conv.id}`, admin)).body.data.assignee_id).toBeNull();
      expect((await assign(conv.id, admin, { assignee_id: admin.userId })).status).toBe(200);
      expect((await assign(conv.id, admin, { assignee_id: null, team_id: null })).status).toBe(200);
    } finally {
      directory.setUnavailable(false);
    }
    expect((await assign(conv.id, admin, { assignee_id: colleague.userId })).status).toBe(200);
  });
});
