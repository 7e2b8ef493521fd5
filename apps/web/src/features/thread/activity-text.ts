import type { Message } from '@turumba/contracts';

export interface Names {
  user(id: string | null | undefined): string;
  team(id: string | null | undefined): string;
  myId: string;
}

const statusVerb: Record<string, string> = {
  resolved: 'Resolved',
  closed: 'Closed',
  pending: 'Marked pending',
};
const str = (v: unknown) => (typeof v === 'string' ? v : null);

/**
 * The sentence of a system activity line ("Assigned to Agent One by you"), from
 * `metadata.event` and its ids (the stored text names ids, not people); null when the message
 * is no activity line this client knows, so its own text is shown.
 */
export function activityText(message: Pick<Message, 'metadata' | 'content'>, names: Names): string | null {
  const m = message.metadata ?? {};
  const event = str(m.event);
  if (!event) return null;
  const actor = str(m.actor_id);
  const by = actor ? ` by ${actor === names.myId ? 'you' : names.user(actor)}` : ' automatically';
  switch (event) {
    case 'assigned':
      return `Assigned to ${str(m.assignee_id) === names.myId ? 'you' : names.user(str(m.assignee_id))}${by}`;
    case 'unassigned':
      return `Unassigned from ${names.user(str(m.previous_assignee_id))}${by}`;
    case 'team_changed':
      return m.team_id
        ? `Moved to ${names.team(str(m.team_id))}${by}`
        : `Removed from ${names.team(str(m.previous_team_id))}${by}`;
    case 'status_changed': {
      const from = str(m.from);
      const to = str(m.to) ?? '';
      const verb = from === 'resolved' && to === 'open' ? 'Reopened' : statusVerb[to];
      return `${verb ?? `Status changed from ${from} to ${to}`}${by}`;
    }
    case 'priority_changed':
      return `Priority changed from ${str(m.from)} to ${str(m.to)}${by}`;
    case 'labels_added':
    case 'labels_removed': {
      const labels = Array.isArray(m.labels) ? m.labels.join(', ') : '';
      return `Labels ${event === 'labels_added' ? 'added' : 'removed'}: ${labels}${by}`;
    }
    case 'subject_changed':
      return m.to ? `Subject changed to “${str(m.to)}”${by}` : `Subject removed${by}`;
    case 'contact_changed':
      return `Contact changed${by}`;
    default:
      return null;
  }
}
