import type { ChannelType } from '@turumba/contracts';
import type { CompiledRule, CompiledRuleSet } from './compile';
import { countWordHits, matchesKeywords, type PreparedText, prepareText, type WordIndex } from './keywords';
import { primaryLanguage } from './language';
import type { BotRuleActions } from './schema';
import { isWithinTimeRange } from './time-range';

export interface EvaluatedMessage {
  text: string;
  channel_type: ChannelType;
  /** The message started the conversation. */
  is_first_message: boolean;
  /** ISO 639-1 (or any tag: matched on its primary subtag); undefined when unknown. */
  language?: string;
}

export interface MatchedRule {
  id: string;
  name: string;
  priority: number;
  trigger_type: CompiledRule['triggerType'];
}

/** The actions of every matched rule merged; `reply_rule_id` names the rule whose reply is sent. */
export type MergedActions = BotRuleActions & { reply_rule_id?: string };

export interface Evaluation {
  matched: MatchedRule[];
  actions: MergedActions;
}

/** The message's words and its hits on every keyword rule, computed once, when a keyword rule first needs them. */
class KeywordView {
  private prepared?: PreparedText;
  private hits?: Uint16Array;

  constructor(
    private readonly text: string,
    private readonly index: WordIndex,
  ) {}

  matches(rule: CompiledRule): boolean {
    this.prepared ??= prepareText(this.text);
    this.hits ??= countWordHits(this.index, this.prepared);
    return matchesKeywords(rule.keywords!, this.prepared, this.hits[rule.keywordSlot!]);
  }
}

function matches(rule: CompiledRule, message: EvaluatedMessage, keywords: KeywordView, now: Date) {
  if (rule.onlyFirstMessage && !message.is_first_message) return false;
  if (rule.languages && !(message.language && rule.languages.has(primaryLanguage(message.language)))) {
    return false;
  }
  if (rule.timeRange && !isWithinTimeRange(rule.timeRange, now)) return false;
  return !rule.keywords || keywords.matches(rule);
}

/**
 * Rules that matched earlier (lower priority number) win: a later rule only fills in what is still
 * unset, except labels and collect_info, which accumulate.
 */
function merge(into: MergedActions, rule: CompiledRule): void {
  const { set_labels, collect_info, reply_text, reply_template_id, ...scalars } = rule.actions;
  if ((reply_text || reply_template_id) && !into.reply_rule_id) {
    Object.assign(into, { reply_text, reply_template_id, reply_rule_id: rule.id });
  }
  if (set_labels) into.set_labels = [...new Set([...(into.set_labels ?? []), ...set_labels])];
  if (collect_info) into.collect_info = [...new Set([...(into.collect_info ?? []), ...collect_info])];
  for (const [key, value] of Object.entries(scalars) as [keyof typeof scalars, unknown][]) {
    if (value !== undefined && into[key] === undefined) Object.assign(into, { [key]: value });
  }
}

function pass(
  rules: readonly CompiledRule[],
  message: EvaluatedMessage,
  keywords: KeywordView,
  now: Date,
  result: Evaluation,
) {
  for (const rule of rules) {
    if (!matches(rule, message, keywords, now)) continue;
    result.matched.push({
      id: rule.id,
      name: rule.name,
      priority: rule.priority,
      trigger_type: rule.triggerType,
    });
    merge(result.actions, rule);
    if (!rule.continue) return true;
  }
  return false;
}

/**
 * Which rules fire for a message at `now`, in priority order: the first matching rule stops the
 * evaluation unless it says `continue`. Fallback rules are considered only when no other rule
 * matched. Pure: the caller detects the language and picks `now`.
 */
export function evaluateRules(compiled: CompiledRuleSet, message: EvaluatedMessage, now: Date): Evaluation {
  const result: Evaluation = { matched: [], actions: {} };
  const keywords = new KeywordView(message.text, compiled.words);
  const candidates = compiled.byChannel.get(message.channel_type);
  if (!candidates) return result;
  pass(candidates.rules, message, keywords, now, result);
  if (result.matched.length === 0) pass(candidates.fallbacks, message, keywords, now, result);
  return result;
}
