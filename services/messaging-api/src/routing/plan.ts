import type { ConversationPriority, ConversationStatus } from '@turumba/contracts';
import type { Evaluation } from '../bot-rules/evaluate';
import type { AssignStrategy } from '../bot-rules/schema';

/*
 * What the bot router does with a customer message (pure): whether the conversation is its to
 * route at all, and the changes its rules ask for. Routing context lives in bot_context.routing.
 */

export interface RoutingContext {
  routed_at: string;
  outcome: 'assigned' | 'queued' | 'bot' | 'closed';
  matched_rules: { id: string; name: string }[];
  team_id: string | null;
  strategy: AssignStrategy;
  channel: string;
  topic: string | null;
  language: string | null;
  assignee_id: string | null;
  /** Rules whose reply was sent while the bot held the conversation (each replies once). */
  replied_rule_ids: string[];
  acceptance?: 'auto' | 'awaiting';
}

export interface RoutableConversation {
  status: ConversationStatus;
  assigneeId: string | null;
  teamId: string | null;
  labels: string[];
  botContext: Record<string, unknown> | null;
}

export function routingContextOf(c: Pick<RoutableConversation, 'botContext'>): RoutingContext | undefined {
  return c.botContext?.routing as RoutingContext | undefined;
}

export type Handling = 'route' | 'skip_held' | 'skip_waiting';

/**
 * Assigned, pending, resolved and closed conversations are someone else's. An open one with an
 * assignee was reopened by the customer (it goes back to that agent if possible). An open one
 * already routed waits in the queue: the drain assigns it, a new message does not route it again.
 */
export function handlingOf(c: RoutableConversation): Handling {
  if (c.status === 'bot') return 'route';
  if (c.status !== 'open') return 'skip_held';
  if (c.assigneeId !== null) return 'route';
  const routing = routingContextOf(c);
  return routing && routing.outcome !== 'bot' ? 'skip_waiting' : 'route';
}

export interface RoutingTarget {
  teamId: string | null;
  strategy: AssignStrategy;
  channel: string;
  topic?: string;
  language?: string;
}

export interface RoutingPlan {
  labels?: string[];
  priority?: ConversationPriority;
  teamId?: string;
  /** `bot` or `closed` when a rule keeps the conversation from agents. */
  status?: 'bot' | 'closed';
  /** Null: no agent routing (the bot keeps it, or it is closed). */
  target: RoutingTarget | null;
  reply?: { ruleId: string; text?: string; templateId?: string };
  collectInfo?: string[];
}

export function planRouting(
  c: RoutableConversation,
  evaluation: Evaluation,
  message: { channel: string; language?: string },
): RoutingPlan {
  const a = evaluation.actions;
  const labels = a.set_labels ? [...new Set([...c.labels, ...a.set_labels])] : undefined;
  const status = a.set_status === 'bot' || a.set_status === 'closed' ? a.set_status : undefined;
  const replied = c.status === 'bot' ? (routingContextOf(c)?.replied_rule_ids ?? []) : [];
  const hasReply = a.reply_rule_id && !replied.includes(a.reply_rule_id);
  return {
    labels: labels && labels.length !== c.labels.length ? labels : undefined,
    priority: a.set_priority,
    teamId: a.assign_team_id,
    status,
    target: status
      ? null
      : {
          teamId: a.assign_team_id ?? c.teamId,
          strategy: a.assign_strategy ?? 'least_busy',
          channel: message.channel,
          topic: a.topic ?? a.set_labels?.[0] ?? c.labels[0],
          language: message.language,
        },
    reply: hasReply
      ? { ruleId: a.reply_rule_id!, text: a.reply_text, templateId: a.reply_template_id }
      : undefined,
    collectInfo: a.collect_info,
  };
}

export interface RoutingFacts {
  now: Date;
  trigger: 'message' | 'queue';
  outcome: RoutingContext['outcome'];
  matched: { id: string; name: string }[];
  teamId: string | null;
  channel: string;
  target: RoutingTarget | null;
  language: string | null;
  agentId: string | null;
  stickyAgentId: string | null;
  /** The bot held the conversation before this routing. */
  wasWithBot: boolean;
  /** The rule whose reply was just sent, if any. */
  repliedRuleId?: string;
  autoAccept: boolean;
}

/** bot_context.routing after a routing: what the drain and the next routing of it need. */
export function nextRoutingContext(previous: RoutingContext | undefined, f: RoutingFacts): RoutingContext {
  const replied = f.wasWithBot ? (previous?.replied_rule_ids ?? []) : [];
  const { acceptance: _previousAcceptance, ...kept } = previous ?? { replied_rule_ids: [] };
  return {
    ...kept,
    routed_at: f.now.toISOString(),
    outcome: f.outcome,
    // The drain keeps what the rules decided when the conversation came in.
    matched_rules: f.trigger === 'message' ? f.matched : (previous?.matched_rules ?? []),
    team_id: f.teamId,
    strategy: f.target?.strategy ?? previous?.strategy ?? 'least_busy',
    channel: f.channel,
    topic: f.target?.topic ?? previous?.topic ?? null,
    language: f.language,
    assignee_id: f.agentId ?? f.stickyAgentId ?? previous?.assignee_id ?? null,
    replied_rule_ids: f.outcome === 'bot' && f.repliedRuleId ? [...replied, f.repliedRuleId] : replied,
    ...(f.agentId ? { acceptance: f.autoAccept ? 'auto' : 'awaiting' } : {}),
  };
}
