/**
 * The inbox's `q` over message text uses Postgres full-text search (the `simple` configuration,
 * GIN index `messages_content_fts_idx`): every word of the query must start a word of the message.
 * Subject, contact name and identifier are substring ILIKE instead (one value each), served by
 * pg_trgm GIN indexes where the extension exists (migration 0005; not in the embedded PGlite).
 * Only letters and digits reach the tsquery, so user text cannot inject tsquery syntax.
 */
export function toPrefixTsQuery(q: string): string | null {
  const words = q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const unique = [...new Set(words)].slice(0, 8);
  return unique.length ? unique.map((w) => `${w}:*`).join(' & ') : null;
}
