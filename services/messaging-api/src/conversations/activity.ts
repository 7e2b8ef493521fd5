/**
 * The system lines that tell a thread's story ("Assigned to X by Y"): pure sentences from the
 * changes of one update. They are stored as messages (direction and sender_type `system`) in the
 * same transaction as the change, with `metadata.event` for clients that render their own text.
 */
export type ActivityEvent =
  | 'assigned'
  | 'unassigned'
  | 'team_changed'
  | 'status_changed'
  | 'priority_changed'
  | 'labels_added'
  | 'labels_removed'
  | 'subject_changed'
  | 'contact_changed'
  | 'routed';

export interface Activity {
  content: string;
  metadata: { event: ActivityEvent; actor_id: string | null } & Record<string, unknown>;
}

export type Changes = Record<string, { from: unknown; to: unknown }>;

const statusSentence: Record<string, string> = {
  resolved: 'Resolved',
  closed: 'Closed',
  pending: 'Marked pending',
};

export function describeChanges(changes: Changes, actorId: string | null): Activity[] {
  const by = actorId ? `by ${actorId}` : 'automatically';
  const line = (event: ActivityEvent, content: string, extra: Record<string, unknown> = {}): Activity => ({
    content,
    metadata: { event, actor_id: actorId, ...extra },
  });
  const out: Activity[] = [];
  const { assignee_id, team_id, status, priority, labels, subject, contact_id } = changes;
  if (assignee_id) {
    const { from, to } = assignee_id;
    const ids = { assignee_id: to, previous_assignee_id: from };
    out.push(
      to
        ? line('assigned', `Assigned to ${to} ${by}`, ids)
        : line('unassigned', `Unassigned from ${from} ${by}`, ids),
    );
  }
  if (team_id) {
    const { from, to } = team_id;
    const text = to ? `Moved to team ${to} ${by}` : `Removed from team ${from} ${by}`;
    out.push(line('team_changed', text, { team_id: to, previous_team_id: from }));
  }
  // Assigning implies `assigned` and unassigning `open`: the assignment line already says it.
  const isImplied = Boolean(assignee_id) && (status?.to === 'assigned' || status?.to === 'open');
  if (status && !isImplied) {
    const { from, to } = status as { from: string; to: string };
    const verb = from === 'resolved' && to === 'open' ? 'Reopened' : statusSentence[to];
    const text = verb ? `${verb} ${by}` : `Status changed from ${from} to ${to} ${by}`;
    out.push(line('status_changed', text, { from, to }));
  }
  if (priority) {
    const { from, to } = priority;
    out.push(line('priority_changed', `Priority changed from ${from} to ${to} ${by}`, { from, to }));
  }
  if (labels) {
    const before = labels.from as string[];
    const after = labels.to as string[];
    const added = after.filter((l) => !before.includes(l));
    const removed = before.filter((l) => !after.includes(l));
    if (added.length)
      out.push(line('labels_added', `Labels added: ${added.join(', ')} ${by}`, { labels: added }));
    if (removed.length) {
      out.push(line('labels_removed', `Labels removed: ${removed.join(', ')} ${by}`, { labels: removed }));
    }
  }
  if (subject)
    out.push(line('subject_changed', `Subject changed ${by}`, { from: subject.from, to: subject.to }));
  if (contact_id) {
    out.push(
      line('contact_changed', `Contact changed to ${contact_id.to} ${by}`, {
        from: contact_id.from,
        to: contact_id.to,
      }),
    );
  }
  return out;
}

/** What bot routing did with a customer message (routing/apply-routing.ts). */
export interface RoutingFacts {
  matched_rules: { id: string; name: string }[];
  outcome: 'assigned' | 'queued' | 'bot' | 'closed';
  /** Position in its team's queue when queued. */
  queue_position: number | null;
}

const routingOutcome = (facts: RoutingFacts) =>
  ({
    assigned: 'assigned',
    queued: `waiting in the queue at position ${facts.queue_position}`,
    bot: 'kept by the bot',
    closed: 'closed',
  })[facts.outcome];

/** The agents' private line about routing: `Routed by bot rule "Billing": waiting in the queue at position 3`. */
export function describeRouting(facts: RoutingFacts): Activity {
  const rules = facts.matched_rules.map((m) => `"${m.name}"`).join(', ');
  const how = rules ? `Routed by bot rule ${rules}` : 'Routed automatically (no bot rule matched)';
  return {
    content: `${how}: ${routingOutcome(facts)}`,
    metadata: { event: 'routed', actor_id: null, ...facts },
  };
}
