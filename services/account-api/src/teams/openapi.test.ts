import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApi } from '../contacts/test-fixtures';
import { createTestAccountApi } from '../test-support';

let api: TestApi;

beforeAll(async () => {
  api = await createTestAccountApi();
});
afterAll(() => api?.cleanup());

type Operation = { tags?: string[]; summary?: string; responses?: Record<string, unknown> };

describe('OpenAPI document', () => {
  it('describes every teams route with a tag, a summary and its responses', async () => {
    const res = await api.app.inject('/openapi.json');
    expect(res.statusCode).toBe(200);
    const paths: Record<string, Record<string, Operation>> = res.json().paths;
    // The teams module's own routes (the directory module's /internal/users/{id}/teams is not one).
    const routes = Object.entries(paths).filter(([path]) => /^\/(v1|internal)\/teams/.test(path));
    const operations = routes.flatMap(([path, methods]) =>
      Object.entries(methods).map(([m, op]) => ({ path, m, op })),
    );
    expect(operations.map(({ m, path }) => `${m} ${path}`).sort()).toEqual([
      'delete /v1/teams/{id}',
      'delete /v1/teams/{id}/members/{user_id}',
      'get /internal/teams/{id}/members',
      'get /v1/teams',
      'get /v1/teams/{id}',
      'get /v1/teams/{id}/members',
      'patch /v1/teams/{id}',
      'patch /v1/teams/{id}/members/{user_id}',
      'post /v1/teams',
      'post /v1/teams/{id}/members',
    ]);
    for (const { op } of operations) {
      expect(op.tags?.length).toBeGreaterThan(0);
      expect(op.summary).toBeTruthy();
      expect(Object.keys(op.responses ?? {})).not.toHaveLength(0);
    }
  });
});
