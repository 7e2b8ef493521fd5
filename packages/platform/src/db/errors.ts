/** The fields of a PostgreSQL error that both drivers (node-postgres and PGlite) expose. */
export interface PgErrorFields {
  code: string;
  constraint?: string;
  detail?: string;
  table?: string;
}

const UNIQUE_VIOLATION = '23505';

/**
 * Finds the driver's PostgreSQL error behind `err`. Drizzle 0.45 wraps driver errors in a
 * DrizzleQueryError whose `.cause` is the original, so we walk the cause chain (bounded, in
 * case of cycles) and return the first object carrying a five-character SQLSTATE `code`.
 */
export function findPgError(err: unknown): PgErrorFields | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const candidate = current as { code?: unknown; cause?: unknown };
    if (typeof candidate.code === 'string' && /^[0-9A-Z]{5}$/.test(candidate.code)) {
      return candidate as PgErrorFields;
    }
    current = candidate.cause;
  }
  return undefined;
}

/**
 * True when `err` is a unique violation (SQLSTATE 23505), optionally of one named constraint.
 * Find-or-create code catches it and re-reads instead of failing the request.
 */
export function isUniqueViolation(err: unknown, constraintName?: string): boolean {
  const pgError = findPgError(err);
  if (pgError?.code !== UNIQUE_VIOLATION) return false;
  return constraintName === undefined || pgError.constraint === constraintName;
}
