import type { CompiledRuleSet } from './compile';
import type { BotRuleTestBody, BotRuleTestResult } from './dry-run-schema';
import { evaluateRules } from './evaluate';
import { languageOf } from './language';

/** `POST /v1/bot-rules/test`: what the account's active rules would do with this message at `at`. */
export function dryRun(compiled: CompiledRuleSet, body: BotRuleTestBody, now: Date): BotRuleTestResult {
  const at = body.at ? new Date(body.at) : now;
  const { language, source } = languageOf(body.text, body.language);
  const evaluation = evaluateRules(
    compiled,
    { text: body.text, channel_type: body.channel_type, is_first_message: body.is_first_message, language },
    at,
  );
  return {
    at: at.toISOString(),
    language: language ?? null,
    language_source: source,
    matched: evaluation.matched,
    actions: evaluation.actions,
  };
}
