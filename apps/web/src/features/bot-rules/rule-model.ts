import type { ChannelType, ConversationPriority } from '@turumba/contracts';
import type { AssignStrategy, BotRule, BotRuleInput, RuleActions, RuleConditions, TriggerType } from './api';

export const triggerLabels: Record<TriggerType, string> = {
  keyword: 'Keywords',
  time_based: 'Time of day',
  channel: 'Channel',
  new_conversation: 'New conversation',
  fallback: 'Fallback',
};

export const triggerHints: Record<TriggerType, string> = {
  keyword: 'Fires when the customer’s message contains the keywords.',
  time_based: 'Fires when a message arrives in the time range (e.g. after hours).',
  channel: 'Fires for messages on the chosen channels.',
  new_conversation: 'Fires on the first message of a conversation.',
  fallback: 'Fires when no other rule matched.',
};

export const strategyLabels: Record<AssignStrategy, string> = {
  round_robin: 'Round robin',
  least_busy: 'Least busy',
  manual_queue: 'Manual queue',
};

/** The editor's state: lists as typed text, everything a trigger might use. */
export interface RuleForm {
  name: string;
  isActive: boolean;
  trigger: TriggerType;
  keywords: string;
  matchMode: 'any' | 'all';
  channels: ChannelType[];
  start: string;
  end: string;
  tz: string;
  replyKind: 'none' | 'text' | 'template';
  replyText: string;
  replyTemplateId: string;
  teamId: string;
  strategy: AssignStrategy;
  labels: string;
  priority: ConversationPriority | '';
  collectInfo: string;
  setStatus: '' | 'bot' | 'closed';
  topic: string;
  keepGoing: boolean;
}

export const splitList = (text: string) => [
  ...new Set(
    text
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  ),
];

export function toRuleForm(rule: BotRule | null, zone = 'UTC'): RuleForm {
  const c: RuleConditions = rule?.conditions ?? {};
  const a: RuleActions = rule?.actions ?? {};
  return {
    name: rule?.name ?? '',
    isActive: rule?.is_active ?? true,
    trigger: rule?.trigger_type ?? 'keyword',
    keywords: (c.keywords ?? []).join(', '),
    matchMode: c.match_mode ?? 'any',
    channels: [...(c.channels ?? [])],
    start: c.time_range?.start ?? '18:00',
    end: c.time_range?.end ?? '08:00',
    tz: c.time_range?.tz ?? zone,
    replyKind: a.reply_template_id ? 'template' : a.reply_text ? 'text' : 'none',
    replyText: a.reply_text ?? '',
    replyTemplateId: a.reply_template_id ?? '',
    teamId: a.assign_team_id ?? '',
    strategy: a.assign_strategy ?? 'round_robin',
    labels: (a.set_labels ?? []).join(', '),
    priority: a.set_priority ?? '',
    collectInfo: (a.collect_info ?? []).join(', '),
    setStatus: a.set_status === 'bot' || a.set_status === 'closed' ? a.set_status : '',
    topic: a.topic ?? '',
    keepGoing: rule?.continue ?? false,
  };
}

/** The conditions a trigger uses; the rest of the form is left out of the body. */
export function toConditions(form: RuleForm): RuleConditions {
  const channels = form.channels.length > 0 ? { channels: [...form.channels] } : {};
  switch (form.trigger) {
    case 'keyword':
      return { keywords: splitList(form.keywords.toLowerCase()), match_mode: form.matchMode, ...channels };
    case 'time_based':
      return { time_range: { start: form.start, end: form.end, tz: form.tz }, ...channels };
    case 'channel':
      return { channels: [...form.channels] };
    case 'new_conversation':
      return channels;
    case 'fallback':
      return {};
  }
}

export function toActions(form: RuleForm): RuleActions {
  const actions: RuleActions = {};
  if (form.replyKind === 'text' && form.replyText.trim()) actions.reply_text = form.replyText.trim();
  if (form.replyKind === 'template' && form.replyTemplateId) actions.reply_template_id = form.replyTemplateId;
  if (form.teamId && form.setStatus !== 'closed') {
    actions.assign_team_id = form.teamId;
    actions.assign_strategy = form.strategy;
  }
  if (form.setStatus) actions.set_status = form.setStatus;
  if (form.topic.trim()) actions.topic = form.topic.trim().toLowerCase();
  const labels = splitList(form.labels.toLowerCase());
  if (labels.length > 0) actions.set_labels = labels;
  if (form.priority) actions.set_priority = form.priority;
  const collect = splitList(form.collectInfo);
  if (collect.length > 0) actions.collect_info = collect;
  return actions;
}

/** Problems to fix before saving, as `{field: message}`. */
export function validateRule(form: RuleForm): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!form.name.trim()) errors.name = 'Give the rule a name';
  if (form.trigger === 'keyword' && splitList(form.keywords).length === 0)
    errors.keywords = 'Add at least one keyword';
  if (form.trigger === 'channel' && form.channels.length === 0)
    errors.channels = 'Choose at least one channel';
  if (form.trigger === 'time_based' && form.start === form.end) errors.time = 'Start and end must differ';
  if (Object.keys(toActions(form)).length === 0) errors.actions = 'Choose at least one action';
  return errors;
}

export function toRuleBody(form: RuleForm, priority: number): BotRuleInput {
  return {
    name: form.name.trim(),
    priority,
    is_active: form.isActive,
    trigger_type: form.trigger,
    conditions: toConditions(form),
    actions: toActions(form),
    continue: form.keepGoing,
  };
}

/** One line saying what a rule does, for the list. */
export function summarizeRule(
  rule: Pick<BotRule, 'trigger_type' | 'conditions' | 'actions'>,
  teamName: (id: string) => string,
): string {
  const c = rule.conditions ?? {};
  const a = rule.actions ?? {};
  const when: string[] = [];
  if (rule.trigger_type === 'keyword') {
    const words = (c.keywords ?? []).map((k) => `“${k}”`).join(c.match_mode === 'all' ? ' and ' : ' or ');
    when.push(words ? `message mentions ${words}` : 'keywords');
  }
  if (rule.trigger_type === 'time_based' && c.time_range)
    when.push(`between ${c.time_range.start} and ${c.time_range.end} (${c.time_range.tz})`);
  if (rule.trigger_type === 'new_conversation') when.push('a conversation starts');
  if (rule.trigger_type === 'fallback') when.push('nothing else matched');
  if (c.channels?.length) when.push(`on ${c.channels.join(', ')}`);
  const then: string[] = [];
  if (a.reply_text) then.push('auto-reply');
  if (a.reply_template_id) then.push('reply with a template');
  if (a.assign_team_id)
    then.push(
      `route to ${teamName(a.assign_team_id)}${a.assign_strategy ? ` (${strategyLabels[a.assign_strategy]})` : ''}`,
    );
  if (a.set_labels?.length) then.push(`label ${a.set_labels.join(', ')}`);
  if (a.set_priority) then.push(`priority ${a.set_priority}`);
  if (a.collect_info?.length) then.push(`ask for ${a.collect_info.join(', ')}`);
  if (a.set_status === 'bot') then.push('keep with the bot');
  if (a.set_status === 'closed') then.push('close');
  return `When ${when.join(' ')} → ${then.join(', ') || 'nothing'}`;
}

/**
 * Moving a rule one place up or down swaps its priority with its neighbour's; returns the two
 * PATCHes to make (empty at either end). Rules are evaluated by ascending priority.
 */
export function swapPriorities(
  rules: readonly BotRule[],
  id: string,
  direction: -1 | 1,
): { id: string; priority: number }[] {
  const sorted = [...rules].sort((a, b) => a.priority - b.priority);
  const index = sorted.findIndex((r) => r.id === id);
  const other = sorted[index + direction];
  const rule = sorted[index];
  if (!rule || !other) return [];
  // Equal priorities would not change the order: give them distinct values.
  const [p1, p2] =
    rule.priority === other.priority
      ? [other.priority + direction, other.priority]
      : [other.priority, rule.priority];
  return [
    { id: rule.id, priority: p1 },
    { id: other.id, priority: p2 },
  ];
}

/** Priority for a new rule: after the last one, in steps of 10 so rules can go in between. */
export function nextPriority(rules: readonly Pick<BotRule, 'priority'>[]): number {
  return rules.length === 0 ? 10 : Math.max(...rules.map((r) => r.priority)) + 10;
}

export interface TestOutcome {
  /** Matching rules in evaluation order (several when rules `continue`). */
  matched: { id: string; name: string }[];
  /** The merged actions the router would apply. */
  actions: Record<string, unknown>;
  language: string | null;
}

/** The dry-run answer of `POST /v1/bot-rules/test`. */
export function readTestResult(data: unknown): TestOutcome {
  const d = (data && typeof data === 'object' ? data : {}) as Record<string, unknown>;
  const matched = Array.isArray(d.matched)
    ? d.matched.filter((m): m is { id: string; name: string } => !!m && typeof m === 'object' && 'id' in m)
    : [];
  const actions = d.actions && typeof d.actions === 'object' ? (d.actions as Record<string, unknown>) : {};
  return { matched, actions, language: typeof d.language === 'string' ? d.language : null };
}

/** The actions of a dry run in words, for the tester. */
export function describeActions(
  actions: Record<string, unknown>,
  teamName: (id: string) => string,
): string[] {
  const lines: string[] = [];
  if (typeof actions.reply_text === 'string') lines.push(`Reply: “${actions.reply_text}”`);
  if (typeof actions.reply_template_id === 'string') lines.push('Reply with a template');
  if (typeof actions.assign_team_id === 'string') {
    const strategy = actions.assign_strategy as AssignStrategy | undefined;
    const how = strategy ? ` (${strategyLabels[strategy] ?? strategy})` : '';
    lines.push(`Route to ${teamName(actions.assign_team_id)}${how}`);
  }
  if (Array.isArray(actions.set_labels) && actions.set_labels.length)
    lines.push(`Labels: ${actions.set_labels.join(', ')}`);
  if (typeof actions.set_priority === 'string') lines.push(`Priority: ${actions.set_priority}`);
  if (typeof actions.set_status === 'string') lines.push(`Status: ${actions.set_status}`);
  if (typeof actions.topic === 'string') lines.push(`Topic: ${actions.topic}`);
  return lines;
}
