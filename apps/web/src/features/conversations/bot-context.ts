import { fullTime } from '../../lib/time';

/*
 * What the bot and routing left in a conversation's bot_context (the Messaging API's routing/plan.ts
 * RoutingContext under `routing`, the rules' `collect_info`), as lines an agent reads in the side
 * panel instead of raw JSON. Keys this screen does not know are shown as they are.
 */

export interface ContextLine {
  label: string;
  value: string;
}

export interface NameLookups {
  user: (id: string) => string;
  team: (id: string) => string;
}

const outcomes: Record<string, string> = {
  assigned: 'Assigned automatically',
  queued: 'Queued for an agent',
  bot: 'Kept by the bot',
  closed: 'Closed by a rule',
};

const strategies: Record<string, string> = {
  round_robin: 'Round robin',
  least_busy: 'Least busy',
  manual_queue: 'Manual queue (agents take it)',
};

const acceptance: Record<string, string> = {
  auto: 'Accepted automatically',
  awaiting: 'Waiting for the agent to accept',
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value : null);

function plain(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.join(', ');
  return JSON.stringify(value);
}

function routingLines(routing: Record<string, unknown>, names: NameLookups): ContextLine[] {
  const lines: ContextLine[] = [];
  const add = (label: string, value: string | null) => {
    if (value) lines.push({ label, value });
  };
  const outcome = text(routing.outcome);
  add('Routing', outcome ? (outcomes[outcome] ?? outcome) : null);
  const rules = Array.isArray(routing.matched_rules)
    ? routing.matched_rules.filter(isRecord).map((r) => text(r.name) ?? text(r.id))
    : [];
  add('Matched rules', rules.filter(Boolean).join(', ') || 'None (default routing)');
  const team = text(routing.team_id);
  add('Routed to team', team ? names.team(team) : null);
  const assignee = text(routing.assignee_id);
  add(outcome === 'assigned' ? 'Agent' : 'Previous agent', assignee ? names.user(assignee) : null);
  const strategy = text(routing.strategy);
  add('Strategy', strategy ? (strategies[strategy] ?? strategy) : null);
  add('Topic', text(routing.topic));
  add('Language', text(routing.language));
  const accepted = text(routing.acceptance);
  add('Acceptance', accepted ? (acceptance[accepted] ?? accepted) : null);
  const at = text(routing.routed_at);
  add('Routed at', at ? fullTime(at) : null);
  return lines;
}

export function describeBotContext(
  context: Record<string, unknown> | null,
  names: NameLookups,
): ContextLine[] {
  if (!context) return [];
  const lines: ContextLine[] = [];
  for (const [key, value] of Object.entries(context)) {
    if (key === 'routing' && isRecord(value)) lines.push(...routingLines(value, names));
    else if (key === 'collect_info' && Array.isArray(value))
      lines.push({ label: 'The bot asks for', value: plain(value) });
    else lines.push({ label: key.replace(/_/g, ' '), value: plain(value) });
  }
  return lines;
}
