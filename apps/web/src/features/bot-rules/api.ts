import type { ChannelType, ConversationPriority } from '@turumba/contracts';
import type { Http } from '../../lib/http';

export type TriggerType = 'keyword' | 'time_based' | 'channel' | 'new_conversation' | 'fallback';
export type AssignStrategy = 'round_robin' | 'least_busy' | 'manual_queue';

/** Spec §1.4 `conditions` (intent and confidence are phase 2, kept when present). */
export interface RuleConditions {
  keywords?: string[];
  match_mode?: 'any' | 'all';
  channels?: ChannelType[];
  time_range?: { start: string; end: string; tz: string };
  intent?: string;
  confidence_min?: number;
}

/** Spec §1.4 `actions`. */
export interface RuleActions {
  reply_template_id?: string;
  reply_text?: string;
  assign_team_id?: string;
  assign_strategy?: AssignStrategy;
  set_labels?: string[];
  set_priority?: ConversationPriority;
  collect_info?: string[];
  /** `bot` keeps the conversation with the bot, `closed` ends it. */
  set_status?: 'open' | 'bot' | 'closed';
  /** Matched against agents' topics; default: the first label. */
  topic?: string;
}

export interface BotRule {
  id: string;
  name: string;
  priority: number;
  is_active: boolean;
  trigger_type: TriggerType;
  conditions: RuleConditions;
  actions: RuleActions;
  /** A match does not stop evaluation: later matching rules add their actions. */
  continue?: boolean;
  created_at: string;
  updated_at: string;
}

export type BotRuleInput = Pick<
  BotRule,
  'name' | 'priority' | 'is_active' | 'trigger_type' | 'conditions' | 'actions' | 'continue'
>;

/** What the dry-run tester sends: a message as if a customer wrote it now. */
export interface RuleTestInput {
  text: string;
  channel_type: ChannelType;
  is_first_message: boolean;
  at?: string;
}

export interface Template {
  id: string;
  name: string;
}

const base = '/v1/bot-rules';

export const botRulesApi = (http: Http) => ({
  list: () => http.list<BotRule>(base, { limit: 500, sort: 'priority:asc' }),
  create: (input: BotRuleInput) => http.post<BotRule>(base, input),
  update: (id: string, patch: Partial<BotRuleInput>) => http.patch<BotRule>(`${base}/${id}`, patch),
  remove: (id: string) => http.delete(`${base}/${id}`),
  /** Dry run: which rule would fire and what it would do; nothing is changed. */
  test: (input: RuleTestInput) => http.post<unknown>(`${base}/test`, input),
  templates: () => http.list<Template>('/v1/templates', { limit: 500 }),
});

export const botRuleKeys = { all: ['bot-rules'] as const, templates: ['templates'] as const };
