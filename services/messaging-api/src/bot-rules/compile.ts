import { ChannelType } from '@turumba/contracts';
import { type CompiledKeywords, compileKeywords, indexWords, type WordIndex } from './keywords';
import { primaryLanguage } from './language';
import type { BotRuleActions, BotRuleInput, TriggerType } from './schema';
import { type CompiledTimeRange, compileTimeRange } from './time-range';

/** A stored, validated rule as the compiler takes it. */
export type BotRuleDefinition = BotRuleInput & { id: string };

/** A rule with its regexes, sets and time range built once, ready to test many messages. */
export interface CompiledRule {
  id: string;
  name: string;
  priority: number;
  triggerType: TriggerType;
  continue: boolean;
  actions: BotRuleActions;
  channels?: ReadonlySet<ChannelType>;
  excludeChannels?: ReadonlySet<ChannelType>;
  languages?: ReadonlySet<string>;
  onlyFirstMessage: boolean;
  timeRange?: CompiledTimeRange;
  keywords?: CompiledKeywords;
  /** This rule's slot in the rule set's word index (keyword rules). */
  keywordSlot?: number;
}

/** The rules a message on one channel type can match, in evaluation order. */
export interface ChannelRules {
  /** Active non-fallback rules, by priority (then id, so the order is total). */
  rules: readonly CompiledRule[];
  /** Fallback rules, by priority: considered only when no other rule matched. */
  fallbacks: readonly CompiledRule[];
}

export interface CompiledRuleSet {
  /** Per channel type: its channel conditions are decided once here, not per message. */
  byChannel: ReadonlyMap<ChannelType, ChannelRules>;
  words: WordIndex;
}

const byPriority = (a: CompiledRule, b: CompiledRule) =>
  a.priority - b.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function compileRule(rule: BotRuleDefinition): CompiledRule {
  const c = rule.conditions;
  return {
    id: rule.id,
    name: rule.name,
    priority: rule.priority,
    triggerType: rule.trigger_type,
    continue: rule.continue,
    actions: rule.actions,
    channels: c.channels ? new Set(c.channels) : undefined,
    excludeChannels: c.exclude_channels ? new Set(c.exclude_channels) : undefined,
    languages: c.language ? new Set(c.language.map(primaryLanguage)) : undefined,
    onlyFirstMessage: c.only_first_message ?? false,
    timeRange: c.time_range ? compileTimeRange(c.time_range) : undefined,
    keywords:
      rule.trigger_type === 'keyword'
        ? compileKeywords(
            rule.conditions.keywords,
            rule.conditions.match_mode,
            rule.conditions.case_sensitive,
          )
        : undefined,
    // Set by compileRules; present on every rule so all rules share one object shape (fast property access).
    keywordSlot: undefined,
  };
}

function admits(rule: CompiledRule, channel: ChannelType): boolean {
  return (!rule.channels || rule.channels.has(channel)) && !rule.excludeChannels?.has(channel);
}

/** Compiles an account's active rules (inactive ones are left out). */
export function compileRules(rules: readonly BotRuleDefinition[]): CompiledRuleSet {
  const compiled = rules.filter((r) => r.is_active).map(compileRule);
  const keywordRules = compiled.filter((r) => r.keywords);
  keywordRules.forEach((rule, slot) => {
    rule.keywordSlot = slot;
  });
  const ordered = [...compiled].sort(byPriority);
  const byChannel = new Map<ChannelType, ChannelRules>();
  for (const channel of ChannelType.options) {
    const open = ordered.filter((r) => admits(r, channel));
    byChannel.set(channel, {
      rules: open.filter((r) => r.triggerType !== 'fallback'),
      fallbacks: open.filter((r) => r.triggerType === 'fallback'),
    });
  }
  return { byChannel, words: indexWords(keywordRules.map((r) => r.keywords!)) };
}
