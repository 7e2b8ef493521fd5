import type { AgentStatus } from '@turumba/contracts';

export interface PresenceEntry {
  status: AgentStatus;
  /** When the agent was last connected (now-ish for online and away), if known. */
  lastSeenAt: string | null;
  /** Time of the information this entry comes from (event `occurred_at`, snapshot `at`). */
  asOf: string;
}

export interface PresenceState {
  agents: ReadonlyMap<string, PresenceEntry>;
  /** A snapshot has arrived: an agent missing from it has never been seen, so is offline. */
  isKnown: boolean;
}

export const emptyPresence: PresenceState = { agents: new Map(), isKnown: false };

const isNewer = (a: string, b: string) => Date.parse(a) > Date.parse(b);

/** `agent:presence`: the agent's status now, unless a later one was already applied. */
export function applyPresenceEvent(
  state: PresenceState,
  event: { user_id: string; status: AgentStatus; occurred_at: string },
): PresenceState {
  const current = state.agents.get(event.user_id);
  if (current && isNewer(current.asOf, event.occurred_at)) return state;
  const lastSeenAt = event.status === 'offline' ? event.occurred_at : null;
  const agents = new Map(state.agents).set(event.user_id, {
    status: event.status,
    lastSeenAt,
    asOf: event.occurred_at,
  });
  return { ...state, agents };
}

/**
 * `presence:snapshot`, sent after each connect: the base of every agent's status. An event newer
 * than the snapshot (it can overtake it) wins over the snapshot's entry.
 */
export function applyPresenceSnapshot(
  state: PresenceState,
  snapshot: { at: string; agents: { user_id: string; status: AgentStatus; last_seen_at: string }[] },
): PresenceState {
  const agents = new Map(state.agents);
  for (const a of snapshot.agents) {
    const current = agents.get(a.user_id);
    if (current && isNewer(current.asOf, snapshot.at)) continue;
    agents.set(a.user_id, { status: a.status, lastSeenAt: a.last_seen_at, asOf: snapshot.at });
  }
  return { agents, isKnown: true };
}

/** The status to show for a user: theirs, or offline once a snapshot said nothing of them. */
export function statusOf(state: PresenceState, userId: string): AgentStatus | undefined {
  return state.agents.get(userId)?.status ?? (state.isKnown ? 'offline' : undefined);
}
