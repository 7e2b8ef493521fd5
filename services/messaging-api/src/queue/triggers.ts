/*
 * Which events may free an agent's capacity, so the queue is worth draining (pure). Routing's own
 * assignments (nobody → agent) free nothing and are ignored, or every routing would start a drain.
 */

const active = new Set(['assigned', 'pending']);

type Change = { from?: unknown; to?: unknown } | undefined;

interface ConversationEventData {
  changes?: Record<string, Change>;
  previous_assignee_id?: string | null;
}

function leftActive(status: Change): boolean {
  return Boolean(status && active.has(String(status.from)) && !active.has(String(status.to)));
}

export function freesCapacity(eventType: string, data: ConversationEventData): boolean {
  switch (eventType) {
    case 'conversation.resolved':
      return true;
    case 'conversation.assigned':
      return Boolean(data.previous_assignee_id);
    case 'conversation.status_changed':
    case 'conversation.updated': {
      const changes = data.changes ?? {};
      return leftActive(changes.status) || Boolean(changes.assignee_id?.from);
    }
    default:
      return false;
  }
}

/** The conversation events the drain listens to. */
export const capacityEventPatterns = [
  'conversation.resolved',
  'conversation.assigned',
  'conversation.status_changed',
  'conversation.updated',
];
