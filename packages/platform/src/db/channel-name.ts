/**
 * PGlite sends `LISTEN <name>` unquoted (so Postgres folds it to lower case) while our
 * node-postgres listener quotes it. Allowing only lower-case identifiers makes both drivers
 * listen on the very same channel that `pg_notify('<name>', ...)` targets.
 */
export function assertChannelName(channel: string): void {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(channel)) {
    throw new Error(`Invalid LISTEN channel "${channel}": use a lower-case SQL identifier`);
  }
}
