/*
 * Keyword matching on whole words in any script. A "word" is a run of letters, combining marks and
 * digits (\p{L}\p{M}\p{N}), so Ge'ez syllables with their marks, Arabic and Latin words are all
 * delimited the same way; `\b` would be ASCII-only. "cancel" does not match "cancellation"; a `*`
 * stands for any run of word characters, so "cancel*" does. A keyword of several words
 * ("order status") matches those words separated by any whitespace. Case-insensitive by default
 * (Unicode lower-casing of both sides); text and keywords are NFC-normalised.
 */

export type MatchMode = 'any' | 'all';

export interface CompiledKeywords {
  mode: MatchMode;
  caseSensitive: boolean;
  /** Single plain words, checked against the message's word set. */
  words: readonly string[];
  /** Phrases, wildcards and words with punctuation, as regexes built once. */
  patterns: readonly KeywordPattern[];
}

export interface KeywordPattern {
  regex: RegExp;
  /** The longest literal run of the keyword: a text without it cannot match, and `includes` is cheap. */
  literal: string;
}

/** What a message looks like to the keyword matcher, computed once per message. */
export interface PreparedText {
  /** NFC text as written. */
  text: string;
  /** NFC text, lower-cased. */
  lower: string;
  words: ReadonlySet<string>;
  lowerWords: ReadonlySet<string>;
}

const WORD_CHAR = '[\\p{L}\\p{M}\\p{N}]';
const wordRun = /[\p{L}\p{M}\p{N}]+/gu;
const plainWord = /^[\p{L}\p{M}\p{N}]+$/u;

export function prepareText(raw: string): PreparedText {
  const text = raw.normalize('NFC');
  const lower = text.toLowerCase();
  return {
    text,
    lower,
    words: new Set(text.match(wordRun) ?? []),
    lowerWords: new Set(lower.match(wordRun) ?? []),
  };
}

// Only syntax characters: the `u` flag rejects needless escapes such as `\-`.
const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One keyword as a regex source: `*` → any word characters, whitespace → any whitespace. */
function keywordSource(keyword: string): string {
  const body = keyword
    .split(/(\*|\s+)/u)
    .filter((part) => part !== '')
    .map((part) => (part === '*' ? `${WORD_CHAR}*` : /^\s+$/u.test(part) ? '\\s+' : escapeRegex(part)))
    .join('');
  return `(?<!${WORD_CHAR})${body}(?!${WORD_CHAR})`;
}

export function normalizeKeyword(keyword: string, caseSensitive: boolean): string {
  const trimmed = keyword.normalize('NFC').trim().replace(/\s+/gu, ' ');
  return caseSensitive ? trimmed : trimmed.toLowerCase();
}

function longestLiteral(keyword: string): string {
  return keyword.split(/\*|\s+/u).reduce((a, b) => (b.length > a.length ? b : a), '');
}

export function compileKeywords(
  keywords: readonly string[],
  mode: MatchMode,
  caseSensitive = false,
): CompiledKeywords {
  const words: string[] = [];
  const patterns: KeywordPattern[] = [];
  for (const keyword of new Set(keywords.map((k) => normalizeKeyword(k, caseSensitive)))) {
    if (plainWord.test(keyword)) words.push(keyword);
    else patterns.push({ regex: new RegExp(keywordSource(keyword), 'u'), literal: longestLiteral(keyword) });
  }
  return { mode, caseSensitive, words, patterns };
}

function anyPattern(patterns: readonly KeywordPattern[], text: string): boolean {
  for (const p of patterns) if (text.includes(p.literal) && p.regex.test(text)) return true;
  return false;
}

function everyPattern(patterns: readonly KeywordPattern[], text: string): boolean {
  for (const p of patterns) if (!text.includes(p.literal) || !p.regex.test(text)) return false;
  return true;
}

/**
 * Whether the message satisfies the keywords. `wordHits`, when given, is how many of the plain
 * words the message contains, already counted by the rule set's word index; else they are looked
 * up here.
 */
export function matchesKeywords(
  compiled: CompiledKeywords,
  prepared: PreparedText,
  wordHits?: number,
): boolean {
  const text = compiled.caseSensitive ? prepared.text : prepared.lower;
  let hits = wordHits;
  if (hits === undefined) {
    const words = compiled.caseSensitive ? prepared.words : prepared.lowerWords;
    hits = compiled.words.filter((word) => words.has(word)).length;
  }
  if (compiled.mode === 'any') return hits > 0 || anyPattern(compiled.patterns, text);
  return hits === compiled.words.length && everyPattern(compiled.patterns, text);
}

/**
 * The plain words of a whole rule set, word → the keyword conditions (slots) that list it, so a
 * message's hits on every rule are counted in one pass over its own words instead of one lookup
 * per keyword per rule (1,000 rules × 3 keywords is 3,000 lookups; a message has a few dozen words).
 */
export interface WordIndex {
  slots: number;
  insensitive: Map<string, number[]>;
  sensitive: Map<string, number[]>;
}

/** Indexes the keyword conditions; slot i is `conditions[i]`. */
export function indexWords(conditions: readonly CompiledKeywords[]): WordIndex {
  const index: WordIndex = { slots: conditions.length, insensitive: new Map(), sensitive: new Map() };
  conditions.forEach((condition, slot) => {
    const map = condition.caseSensitive ? index.sensitive : index.insensitive;
    for (const word of condition.words) {
      const slots = map.get(word);
      if (slots) slots.push(slot);
      else map.set(word, [slot]);
    }
  });
  return index;
}

/** Per slot, how many of its plain words the message contains. */
export function countWordHits(index: WordIndex, prepared: PreparedText): Uint16Array {
  const hits = new Uint16Array(index.slots);
  const add = (map: Map<string, number[]>, words: ReadonlySet<string>) => {
    if (map.size === 0) return;
    for (const word of words) {
      const slots = map.get(word);
      if (slots) for (const slot of slots) hits[slot]!++;
    }
  };
  add(index.insensitive, prepared.lowerWords);
  add(index.sensitive, prepared.words);
  return hits;
}
