/**
 * The inbox's `q` is a word search (PostgreSQL full-text, the `simple` configuration): every word
 * of the query must be a word of the message text (GIN `messages_content_fts_idx`) or of the
 * conversation's subject and contact name (GIN `conversations_search_fts_idx`); the last word may
 * also be the start of one, so results appear while the agent types ("refu" finds "refund").
 *
 * Only the last word is a prefix, and only from three characters: a prefix is matched by reading
 * every word that starts with it, and in a large account "of" or "a" start words in nearly every
 * row; whole words are intersected by the index instead (a rare word next to a common one costs
 * what the rare one costs). Only letters and digits reach the tsquery, so user text cannot inject
 * tsquery syntax.
 */
const MIN_PREFIX_LENGTH = 3;
const MAX_WORDS = 8;

export function toSearchTsQuery(q: string): string | null {
  const words = [...new Set(q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])].slice(0, MAX_WORDS);
  if (words.length === 0) return null;
  return words
    .map((word, i) => (i === words.length - 1 && [...word].length >= MIN_PREFIX_LENGTH ? `${word}:*` : word))
    .join(' & ');
}

/**
 * A query with more than letters, digits and spaces ("INV-2231", "100%", "a@b.co", "3.5") is also
 * matched as a substring of subject and contact name (trigram-indexed ILIKE where pg_trgm exists):
 * the word parser splits such text differently from how it is typed.
 */
export function needsSubstringMatch(q: string): boolean {
  return /[^\p{L}\p{N}\s]/u.test(q.trim());
}
