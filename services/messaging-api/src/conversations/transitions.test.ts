import { randomUUID } from 'node:crypto';
import type { Conversation, ConversationStatus } from '@turumba/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestMessagingApi } from '../test-support';
import { allowedTransitions, canTransition } from './status-machine';
import { type InboxKit, inboxKit, member } from './test-kit';

let api: Awaited<ReturnType<typeof createTestMessagingApi>>;
let kit: InboxKit;
const account = randomUUID();
const admin = member(account, 'admin');
let channel: string;

beforeAll(async () => {
  api = await createTestMessagingApi();
  kit = inboxKit(api);
  channel = await kit.channel(account);
});
afterAll(() => api?.cleanup());

const patch = (id: string, body: Record<string, unknown>) =>
  kit.call('PATCH', `/v1/conversations/${id}`, admin, body);

/** A fresh conversation driven to `status` through valid steps. */
async function conversationIn(status: ConversationStatus): Promise<Conversation> {
  const conv = await kit.conversation(admin, channel);
  const steps: Record<ConversationStatus, Record<string, unknown>[]> = {
    open: [],
    bot: [{ status: 'bot' }],
    assigned: [{ assignee_id: admin.userId }],
    pending: [{ assignee_id: admin.userId }, { status: 'pending' }],
    resolved: [{ assignee_id: admin.userId }, { status: 'resolved' }],
    closed: [{ status: 'closed' }],
  };
  for (const step of steps[status]) expect((await patch(conv.id, step)).status).toBe(200);
  return conv;
}

const statuses: ConversationStatus[] = ['open', 'bot', 'assigned', 'pending', 'resolved', 'closed'];
const pairs = statuses.flatMap((from) => statuses.map((to) => [from, to] as const));

describe('PATCH /v1/conversations/{id} status', () => {
  it.each(pairs)('%s → %s follows the status machine', async (from, to) => {
    const conv = await conversationIn(from);
    const body = to === 'assigned' ? { status: to, assignee_id: admin.userId } : { status: to };
    const res = await patch(conv.id, body);
    if (from === to || canTransition(from, to)) {
      expect(res.status).toBe(200);
      expect(res.body.data.status).toBe(to);
    } else {
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        error: 'bad_request',
        details: { from, to, allowed: allowedTransitions[from] },
      });
    }
  });

  it('sets resolved_at on resolve, clears it and re-queues on reopen', async () => {
    const conv = await conversationIn('resolved');
    const resolved = (await kit.call('GET', `/v1/conversations/${conv.id}`, admin)).body.data;
    expect(resolved.resolved_at).toEqual(expect.any(String));
    expect(resolved.queued_at).toBeNull();
    const reopened = (await patch(conv.id, { status: 'open' })).body.data;
    expect(reopened).toMatchObject({ status: 'open', resolved_at: null, assignee_id: null });
    expect(reopened.queued_at).toEqual(expect.any(String));
  });

  it('refuses to assign without an assignee and keeps closed conversations unchangeable', async () => {
    const open = await conversationIn('open');
    expect((await patch(open.id, { status: 'assigned' })).status).toBe(400);
    const closed = await conversationIn('closed');
    expect((await patch(closed.id, { priority: 'high' })).status).toBe(409);
    expect((await patch(closed.id, { assignee_id: admin.userId })).status).toBe(409);
    expect((await patch(closed.id, { status: 'closed' })).status).toBe(200);
  });

  it('announces a resolve as updated, status_changed and resolved events in the outbox', async () => {
    const conv = await conversationIn('assigned');
    await patch(conv.id, { status: 'resolved' });
    const types = (await kit.events(conv.id)).map((e) => e.event_type);
    expect(types.slice(-4)).toEqual([
      'conversation.updated',
      'conversation.status_changed',
      'conversation.resolved',
      'conversation.message.created',
    ]);
    const [resolved] = await kit.events(conv.id, 'conversation.resolved');
    expect(resolved!.data).toMatchObject({
      changes: { status: { from: 'assigned', to: 'resolved' } },
      actor_id: admin.userId,
      conversation: { id: conv.id, status: 'resolved' },
    });
  });
});

describe('DELETE /v1/conversations/{id}', () => {
  it('closes softly with 204, keeps the row readable, and stays idempotent', async () => {
    const conv = await conversationIn('pending');
    const res = await kit.call('DELETE', `/v1/conversations/${conv.id}`, admin);
    expect(res.status).toBe(204);
    const after = await kit.call('GET', `/v1/conversations/${conv.id}`, admin);
    expect(after.body.data.status).toBe('closed');
    expect((await kit.call('DELETE', `/v1/conversations/${conv.id}`, admin)).status).toBe(204);
    expect((await kit.call('GET', `/v1/conversations/${conv.id}/assignments`, admin)).body.data).toEqual([
      expect.objectContaining({ assignee_id: admin.userId, ended_at: expect.any(String) }),
    ]);
  });
});
