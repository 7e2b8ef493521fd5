import { describe, expect, it } from 'vitest';
import { type Actor, planUpdate, type UpdateRequest } from './plan-update';
import type { ConversationRow } from './repo';

const now = new Date('2026-11-25T10:00:00Z');
const earlier = new Date('2026-11-25T09:00:00Z');
const me = '00000000-0000-4000-8000-000000000001';
const other = '00000000-0000-4000-8000-000000000002';
const agent: Actor = { userId: me, isManager: false };
const manager: Actor = { userId: me, isManager: true };

function row(fields: Partial<ConversationRow>): ConversationRow {
  return {
    status: 'open',
    assigneeId: null,
    teamId: null,
    priority: 'normal',
    labels: [],
    subject: null,
    resolvedAt: null,
    queuedAt: earlier,
    waitingSince: null,
    ...fields,
  } as ConversationRow;
}

describe('planUpdate', () => {
  it.each<[string, Partial<ConversationRow>, UpdateRequest, Actor, number | Record<string, unknown>]>([
    [
      'an agent takes a queued one',
      {},
      { assigneeId: me },
      agent,
      { status: 'assigned', assigneeId: me, queuedAt: null },
    ],
    [
      'an agent cannot take a held one',
      { status: 'assigned', assigneeId: other },
      { assigneeId: me },
      agent,
      409,
    ],
    ['an agent cannot assign others', {}, { assigneeId: other }, agent, 403],
    [
      'a manager assigns others',
      {},
      { assigneeId: other },
      manager,
      { status: 'assigned', assigneeId: other },
    ],
    [
      'an agent releases their own',
      { status: 'assigned', assigneeId: me, queuedAt: null },
      { assigneeId: null },
      agent,
      { status: 'open', assigneeId: null, queuedAt: now },
    ],
    [
      "an agent cannot release another's",
      { status: 'assigned', assigneeId: other },
      { assigneeId: null },
      agent,
      403,
    ],
    [
      'moving an assigned one to open unassigns it',
      { status: 'assigned', assigneeId: me, queuedAt: null },
      { status: 'open' },
      agent,
      { status: 'open', assigneeId: null },
    ],
    [
      'unassigning a pending one breaks the machine',
      { status: 'pending', assigneeId: me },
      { assigneeId: null },
      agent,
      400,
    ],
    [
      'assigning a resolved one breaks the machine',
      { status: 'resolved', assigneeId: me },
      { assigneeId: other },
      manager,
      400,
    ],
    [
      'assigning a bot conversation hands it over',
      { status: 'bot' },
      { assigneeId: me },
      agent,
      { status: 'assigned' },
    ],
    [
      'resolving stamps resolved_at',
      { status: 'assigned', assigneeId: me, queuedAt: null, waitingSince: earlier },
      { status: 'resolved' },
      agent,
      { resolvedAt: now, waitingSince: null },
    ],
    [
      'reopening clears resolved_at and queues',
      { status: 'resolved', assigneeId: me, resolvedAt: earlier, queuedAt: null },
      { status: 'open' },
      agent,
      { resolvedAt: null, assigneeId: null, queuedAt: now },
    ],
    ['a closed one refuses field changes', { status: 'closed' }, { priority: 'high' }, manager, 409],
    ['a closed one refuses status changes', { status: 'closed' }, { status: 'open' }, manager, 400],
    [
      'a team change keeps the assignee',
      { status: 'assigned', assigneeId: other, queuedAt: null },
      { teamId: other },
      agent,
      { teamId: other },
    ],
  ])('%s', (_name, current, request, actor, expected) => {
    const run = () => planUpdate(row(current), request, actor, now);
    if (typeof expected === 'number') {
      expect(run).toThrow(expect.objectContaining({ status: expected }));
    } else {
      expect(run().patch).toMatchObject(expected);
    }
  });

  it('reports holder changes and closing for the assignment history', () => {
    expect(planUpdate(row({}), { teamId: other }, agent, now)).toMatchObject({
      isHolderChanged: true,
      isClosing: false,
    });
    expect(planUpdate(row({}), { status: 'closed' }, agent, now)).toMatchObject({
      isHolderChanged: false,
      isClosing: true,
    });
    expect(planUpdate(row({ labels: ['a'] }), { labels: ['a'] }, agent, now).changes).toEqual({});
  });
});
