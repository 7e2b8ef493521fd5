import { ChannelType } from '@turumba/contracts';
import { z } from 'zod';
import { BotRuleDto, LanguageCode } from './schema';

/** `POST /v1/bot-rules/test`: a dry run over the account's active rules. Nothing is sent or changed. */
export const BotRuleTestBody = z.strictObject({
  text: z.string().max(20_000),
  channel_type: ChannelType,
  /** The instant to evaluate time ranges at. Default now. */
  at: z.iso.datetime({ offset: true }).optional(),
  /** Skips detection. */
  language: LanguageCode.optional(),
  is_first_message: z.boolean().default(true),
});
export type BotRuleTestBody = z.infer<typeof BotRuleTestBody>;

export const BotRuleTestResult = z.object({
  at: z.iso.datetime(),
  /** The language the rules saw: given, detected, or null when it could not be told. */
  language: z.string().nullable(),
  language_source: z.enum(['given', 'detected', 'unknown']),
  matched: z.array(
    z.object({
      id: z.uuid(),
      name: z.string(),
      priority: z.number().int(),
      trigger_type: BotRuleDto.shape.trigger_type,
    }),
  ),
  /** The merged actions the router would apply; `reply_rule_id` is the rule whose reply it would send. */
  actions: z.record(z.string(), z.unknown()),
});
export type BotRuleTestResult = z.infer<typeof BotRuleTestResult>;
