import { fileURLToPath } from 'node:url';

/** Migrations generated from test-schema.ts: the outbox tables plus `test_items`. */
export const testMigrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url));

/** The drivers a test file runs against: PGlite always, PostgreSQL when TEST_DATABASE_URL is set. */
export const testDriverKinds: Array<'pglite' | 'postgres'> = process.env.TEST_DATABASE_URL
  ? ['pglite', 'postgres']
  : ['pglite'];

/**
 * Polls `check` until it returns something other than undefined, null or false (which it then
 * returns), or fails after `timeoutMs`.
 * Tests wait on outcomes this way instead of sleeping for a guessed duration.
 */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  { timeoutMs = 5_000, intervalMs = 20, message = 'condition' } = {},
): Promise<Exclude<T, false | null | undefined>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== null && value !== false)
        return value as Exclude<T, false | null | undefined>;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${message}`, { cause: lastError });
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
