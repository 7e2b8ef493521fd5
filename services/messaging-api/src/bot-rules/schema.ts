import { ChannelType, ConversationPriority } from '@turumba/contracts';
import { ListQuery } from '@turumba/platform/query';
import { z } from 'zod';
import { Labels } from '../conversations/schema';
import { isValidTimeZone, weekDays } from './time-range';

/*
 * Bot rule bodies (spec §1.4), validated per trigger type: every trigger has the condition it needs,
 * and every rule may narrow itself further with the common conditions. All conditions of a rule
 * must hold (AND). Unknown fields (such as the phase-2 `intent`) are refused rather than ignored,
 * so a rule never fires more widely than its author thinks.
 */

const Keyword = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .refine((k) => /[\p{L}\p{N}]/u.test(k), 'a keyword needs at least one letter or digit');

const TimeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (00:00–23:59)');

export const TimeRangeSchema = z.strictObject({
  start: TimeOfDay,
  end: z.union([TimeOfDay, z.literal('24:00')]),
  tz: z.string().refine(isValidTimeZone, 'must be an IANA time zone such as Africa/Addis_Ababa'),
  /** Days the range starts on; an overnight range belongs to the day it starts. Default every day. */
  days: z.array(z.enum(weekDays)).min(1).optional(),
});

export const LanguageCode = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z]{2,3}([-_][a-z0-9]{2,8})*$/, 'must be a language code such as "en" or "am"');

const common = {
  channels: z.array(ChannelType).min(1).optional(),
  exclude_channels: z.array(ChannelType).min(1).optional(),
  time_range: TimeRangeSchema.optional(),
  /** The message's detected (or given) language must be one of these (ISO 639-1). */
  language: z
    .union([LanguageCode, z.array(LanguageCode).min(1).max(20)])
    .transform((v) => (Array.isArray(v) ? v : [v]))
    .optional(),
  /** Only the message that started the conversation. Default false (true for new_conversation). */
  only_first_message: z.boolean().optional(),
};

export const KeywordConditions = z.strictObject({
  ...common,
  keywords: z.array(Keyword).min(1).max(200),
  match_mode: z.enum(['any', 'all']).default('any'),
  case_sensitive: z.boolean().default(false),
});
export const TimeBasedConditions = z.strictObject({ ...common, time_range: TimeRangeSchema });
export const ChannelConditions = z.strictObject(common).refine((c) => c.channels || c.exclude_channels, {
  message: 'a channel rule needs channels or exclude_channels',
  path: ['channels'],
});
export const NewConversationConditions = z.strictObject({
  ...common,
  only_first_message: z.boolean().default(true),
});
export const FallbackConditions = z.strictObject(common);

export const AssignStrategy = z.enum(['round_robin', 'least_busy', 'manual_queue']);
export type AssignStrategy = z.infer<typeof AssignStrategy>;

export const BotRuleActions = z
  .strictObject({
    reply_text: z.string().trim().min(1).max(4096).optional(),
    reply_template_id: z.uuid().optional(),
    set_labels: Labels.optional(),
    set_priority: ConversationPriority.optional(),
    /** `bot` keeps the conversation with the bot (no agent routing), `closed` ends it. */
    set_status: z.enum(['open', 'bot', 'closed']).optional(),
    assign_team_id: z.uuid().optional(),
    assign_strategy: AssignStrategy.optional(),
    /** Topic matched against agents' available_topics; default: the first of set_labels. */
    topic: z.string().trim().toLowerCase().min(1).max(100).optional(),
    /** Phase 3: what the bot should ask for; stored in bot_context.collect_info. */
    collect_info: z.array(z.string().trim().min(1).max(50)).min(1).max(20).optional(),
  })
  .refine((a) => !(a.reply_text && a.reply_template_id), {
    message: 'give reply_text or reply_template_id, not both',
    path: ['reply_template_id'],
  })
  .refine((a) => Object.values(a).some((v) => v !== undefined), {
    message: 'a rule needs at least one action',
  })
  .refine((a) => a.set_status !== 'closed' || (!a.assign_team_id && !a.assign_strategy), {
    message: 'a rule that closes the conversation cannot also assign it',
    path: ['set_status'],
  });
export type BotRuleActions = z.infer<typeof BotRuleActions>;

const base = {
  name: z.string().trim().min(1).max(200),
  /** Evaluation order: lower first. */
  priority: z.number().int().min(0).max(1_000_000).default(100),
  is_active: z.boolean().default(true),
  /** When true, a match does not stop evaluation: later matching rules add their actions. */
  continue: z.boolean().default(false),
  actions: BotRuleActions,
};

export const BotRuleInput = z.discriminatedUnion('trigger_type', [
  z.object({ ...base, trigger_type: z.literal('keyword'), conditions: KeywordConditions }),
  z.object({ ...base, trigger_type: z.literal('time_based'), conditions: TimeBasedConditions }),
  z.object({ ...base, trigger_type: z.literal('channel'), conditions: ChannelConditions }),
  z.object({
    ...base,
    trigger_type: z.literal('new_conversation'),
    conditions: NewConversationConditions.default({ only_first_message: true }),
  }),
  z.object({ ...base, trigger_type: z.literal('fallback'), conditions: FallbackConditions.default({}) }),
]);
export type BotRuleInput = z.infer<typeof BotRuleInput>;
export type BotRuleConditions = BotRuleInput['conditions'];
export type TriggerType = BotRuleInput['trigger_type'];

/** PATCH: any field; the merged rule is validated again as a whole (`BotRuleInput`). */
export const BotRulePatch = z
  .strictObject({
    name: z.unknown(),
    priority: z.unknown(),
    is_active: z.unknown(),
    continue: z.unknown(),
    trigger_type: z.unknown(),
    conditions: z.unknown(),
    actions: z.unknown(),
  })
  .partial()
  .refine((b) => Object.values(b).some((v) => v !== undefined), 'Nothing to update');
export type BotRulePatch = z.infer<typeof BotRulePatch>;

export const BotRuleDto = z.object({
  id: z.uuid(),
  account_id: z.uuid(),
  name: z.string(),
  priority: z.number().int(),
  is_active: z.boolean(),
  trigger_type: z.enum(['keyword', 'time_based', 'channel', 'new_conversation', 'fallback']),
  conditions: z.record(z.string(), z.unknown()),
  actions: z.record(z.string(), z.unknown()),
  continue: z.boolean(),
  created_by: z.uuid().nullable(),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
});
export type BotRuleDto = z.infer<typeof BotRuleDto>;

export const BotRuleParams = z.object({ id: z.uuid() });
export const BotRuleListQuery = ListQuery;
export type BotRuleListQuery = z.infer<typeof BotRuleListQuery>;
