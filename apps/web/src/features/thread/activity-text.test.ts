import { describe, expect, it } from 'vitest';
import { activityText, type Names } from './activity-text';

const names: Names = {
  myId: 'me',
  user: (id) => (id === 'u1' ? 'Agent One' : 'Unknown user'),
  team: (id) => (id === 't1' ? 'Billing' : 'a team'),
};
const line = (metadata: Record<string, unknown>) => ({ content: 'stored text with ids', metadata });

describe('activityText', () => {
  it.each([
    [{ event: 'assigned', actor_id: 'me', assignee_id: 'u1' }, 'Assigned to Agent One by you'],
    [{ event: 'assigned', actor_id: null, assignee_id: 'me' }, 'Assigned to you automatically'],
    [
      { event: 'unassigned', actor_id: 'u1', previous_assignee_id: 'u1' },
      'Unassigned from Agent One by Agent One',
    ],
    [{ event: 'team_changed', actor_id: 'me', team_id: 't1' }, 'Moved to Billing by you'],
    [{ event: 'status_changed', actor_id: 'u1', from: 'assigned', to: 'resolved' }, 'Resolved by Agent One'],
    [{ event: 'status_changed', actor_id: 'u1', from: 'resolved', to: 'open' }, 'Reopened by Agent One'],
    [
      { event: 'priority_changed', actor_id: 'me', from: 'normal', to: 'high' },
      'Priority changed from normal to high by you',
    ],
    [
      { event: 'labels_added', actor_id: 'me', labels: ['billing', 'vip'] },
      'Labels added: billing, vip by you',
    ],
    [
      { event: 'subject_changed', actor_id: 'me', from: null, to: 'Refund' },
      'Subject changed to “Refund” by you',
    ],
  ])('renders %o', (metadata, text) => {
    expect(activityText(line(metadata), names)).toBe(text);
  });

  it('leaves unknown or plain messages to their own text', () => {
    expect(activityText(line({ event: 'something_new' }), names)).toBeNull();
    expect(activityText(line({}), names)).toBeNull();
  });
});
