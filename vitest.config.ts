import { defineConfig } from 'vitest/config';

// One run covers every workspace. Tests use real PostgreSQL/RabbitMQ/Redis when
// TEST_DATABASE_URL / RABBITMQ_URL / REDIS_URL are set (CI sets them), embedded parts otherwise.
export default defineConfig({
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'tests/**/*.test.ts',
      'services/*/src/**/*.test.ts',
      'apps/*/src/**/*.test.ts',
    ],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    // CI asks for a JSON report too, to print a plain 'N passed, N failed' closing line.
    reporters: process.env.VITEST_JSON_REPORT ? ['default', 'json'] : ['default'],
    outputFile: process.env.VITEST_JSON_REPORT ? { json: process.env.VITEST_JSON_REPORT } : undefined,
  },
});
