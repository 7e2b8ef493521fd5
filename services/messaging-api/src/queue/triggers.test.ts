import { describe, expect, it } from 'vitest';
import { freesCapacity } from './triggers';

const agent = '00000000-0000-4000-8000-000000000001';

describe('freesCapacity', () => {
  it.each<[string, string, Record<string, unknown>, boolean]>([
    [
      'a resolution',
      'conversation.resolved',
      { changes: { status: { from: 'assigned', to: 'resolved' } } },
      true,
    ],
    ['an unassignment', 'conversation.assigned', { assignee_id: null, previous_assignee_id: agent }, true],
    ['a reassignment', 'conversation.assigned', { assignee_id: agent, previous_assignee_id: agent }, true],
    [
      'a first assignment',
      'conversation.assigned',
      { assignee_id: agent, previous_assignee_id: null },
      false,
    ],
    [
      'closing a pending one',
      'conversation.status_changed',
      { changes: { status: { from: 'pending', to: 'closed' } } },
      true,
    ],
    [
      'assigned → pending (still active)',
      'conversation.status_changed',
      { changes: { status: { from: 'assigned', to: 'pending' } } },
      false,
    ],
    [
      'a reopen (resolved → open)',
      'conversation.status_changed',
      { changes: { status: { from: 'resolved', to: 'open' } } },
      false,
    ],
    [
      'an update that unassigns',
      'conversation.updated',
      { changes: { assignee_id: { from: agent, to: null } } },
      true,
    ],
    [
      'an update that assigns',
      'conversation.updated',
      { changes: { assignee_id: { from: null, to: agent } } },
      false,
    ],
    ['a label change', 'conversation.updated', { changes: { labels: { from: [], to: ['x'] } } }, false],
    ['another event', 'conversation.created', {}, false],
  ])('%s → %s', (_what, type, data, expected) => {
    expect(freesCapacity(type, data)).toBe(expected);
  });
});
