import type { AssignStrategy } from '../bot-rules/schema';

/*
 * Who gets a conversation (spec §5 steps 2–3), as a pure decision over a snapshot. Candidates are
 * already eligible (availability, hours, channel, topic, language); here only capacity and order
 * count. The caller claims the ranked agents in order under a lock, because the snapshot may be
 * stale by the time it writes.
 */

export interface Candidate {
  user_id: string;
  max_concurrent_conversations: number;
}

export interface AgentLoad {
  /** Conversations assigned to or pending with the agent in this account. */
  active: number;
  /** Their last automatic assignment; null = never (the longest idle of all). */
  lastAssignedAt: Date | null;
}

const noLoad: AgentLoad = { active: 0, lastAssignedAt: null };

export interface Choice {
  /** The agent to try first, or null when nobody has room (or the strategy is manual). */
  agentId: string | null;
  /** Every agent with room, best first: the order to claim them in. */
  ranking: string[];
}

// Never assigned sorts before any time.
const time = (d: Date | null) => (d ? d.getTime() : -1);

type Compare = (a: AgentLoad, b: AgentLoad) => number;

const byActive: Compare = (a, b) => a.active - b.active;
const byIdle: Compare = (a, b) => time(a.lastAssignedAt) - time(b.lastAssignedAt);

const orders: Record<Exclude<AssignStrategy, 'manual_queue'>, Compare[]> = {
  /** Fewest active conversations, then the longest idle. */
  least_busy: [byActive, byIdle],
  /** The least recently assigned, then the fewest active. */
  round_robin: [byIdle, byActive],
};

export function chooseAgent(
  candidates: readonly Candidate[],
  loads: ReadonlyMap<string, AgentLoad>,
  strategy: AssignStrategy,
  stickyAgentId?: string | null,
): Choice {
  if (strategy === 'manual_queue') return { agentId: null, ranking: [] };
  const loadOf = (id: string) => loads.get(id) ?? noLoad;
  const withRoom = candidates.filter((c) => loadOf(c.user_id).active < c.max_concurrent_conversations);
  const compare = orders[strategy];
  const ranked = withRoom
    .map((c) => c.user_id)
    .sort((a, b) => {
      for (const by of compare) {
        const order = by(loadOf(a), loadOf(b));
        if (order !== 0) return order;
      }
      return a < b ? -1 : a > b ? 1 : 0;
    });
  // A returning customer goes back to their previous agent when that agent may take them.
  const sticky = stickyAgentId ? ranked.indexOf(stickyAgentId) : -1;
  if (sticky > 0) ranked.unshift(...ranked.splice(sticky, 1));
  return { agentId: ranked[0] ?? null, ranking: ranked };
}
