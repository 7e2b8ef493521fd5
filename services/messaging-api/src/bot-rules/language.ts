import { franc } from 'franc';

/*
 * The language of a customer message, as an ISO 639-1 code ("en", "am"), or undefined when it
 * cannot be told reliably. franc answers with ISO 639-3 codes and guesses wildly on short texts
 * ("My package is late" → French), and a wrong guess would send a conversation to the wrong team
 * or filter out every agent. So:
 * - text mostly in Ge'ez (Ethiopic) script is Amharic, the language our customers write in it,
 *   unless it is long enough for franc to tell Tigrinya apart (franc calls short Amharic "tir");
 * - other text needs at least MIN_LETTERS letters, and franc chooses only among the languages
 *   mapped below (an unmapped guess is noise for routing anyway);
 * - anything else is undefined: rules with a language condition do not match, routing does not
 *   filter agents by language.
 */

export const MIN_LETTERS = 20;
const MIN_LETTERS_FOR_TIGRINYA = 40;

const iso6393To6391: Record<string, string> = {
  eng: 'en',
  amh: 'am',
  tir: 'ti',
  orm: 'om',
  som: 'so',
  swh: 'sw',
  arb: 'ar',
  fra: 'fr',
  spa: 'es',
  por: 'pt',
  deu: 'de',
  ita: 'it',
  nld: 'nl',
  rus: 'ru',
  ukr: 'uk',
  tur: 'tr',
  hin: 'hi',
  cmn: 'zh',
  jpn: 'ja',
  kor: 'ko',
};
const candidates = Object.keys(iso6393To6391);

const letters = /\p{L}/gu;
const ethiopic = /\p{Script=Ethiopic}/gu;

export function detectLanguage(text: string): string | undefined {
  const letterCount = text.match(letters)?.length ?? 0;
  if (letterCount === 0) return undefined;
  const ethiopicCount = text.match(ethiopic)?.length ?? 0;
  if (ethiopicCount * 2 > letterCount) {
    if (ethiopicCount < MIN_LETTERS_FOR_TIGRINYA) return 'am';
    return franc(text, { only: ['amh', 'tir'], minLength: 1 }) === 'tir' ? 'ti' : 'am';
  }
  if (letterCount < MIN_LETTERS) return undefined;
  return iso6393To6391[franc(text, { only: candidates, minLength: MIN_LETTERS })];
}

/** "en-US", "EN", "en_gb" → "en": rules and agents are matched on the primary subtag. */
export function primaryLanguage(tag: string): string {
  return tag.trim().toLowerCase().split(/[-_]/)[0] ?? '';
}

/**
 * The language rules and routing see for a message: the one given, else the detected one
 * (detection costs more than evaluating 1,000 rules; it runs once per message, never per rule).
 */
export function languageOf(
  text: string,
  given: string | undefined,
): { language: string | undefined; source: 'given' | 'detected' | 'unknown' } {
  if (given) return { language: given, source: 'given' };
  const detected = detectLanguage(text);
  return { language: detected, source: detected ? 'detected' : 'unknown' };
}
