import { BadRequest } from '@turumba/platform/errors';
import type { z } from 'zod';

/**
 * Keyset cursors are opaque to clients: base64url of JSON holding the last row's sort key and id.
 * Timestamps travel as the database's own microsecond text (not a JS Date, which keeps only
 * milliseconds and would make a page skip or repeat rows that share a millisecond).
 */
export function encodeCursor(value: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

export function decodeCursor<T extends z.ZodType>(raw: string, schema: T): z.infer<T> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw new BadRequest('Invalid cursor', { cursor: raw });
  }
  const result = schema.safeParse(parsed);
  if (!result.success) throw new BadRequest('Invalid cursor', { cursor: raw });
  return result.data;
}

/** The SQL text form of a timestamptz key: UTC, microseconds, parseable back by `::timestamptz`. */
export const timestampKeyFormat = 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"';

/** What `timestampKeyFormat` produces; cursors carrying anything else are rejected before SQL. */
export const timestampKeyPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
