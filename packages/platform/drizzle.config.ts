import { defineConfig } from 'drizzle-kit';

// Test-only migrations for the platform's own db/outbox tests (see src/db/test-schema.ts).
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/test-schema.ts',
  out: './drizzle',
});
