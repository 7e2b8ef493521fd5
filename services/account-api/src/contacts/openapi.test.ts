import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAccountApi } from '../test-support';
import type { TestApi } from './test-fixtures';

let api: TestApi;

beforeAll(async () => {
  api = await createTestAccountApi();
});
afterAll(() => api?.cleanup());

type Operation = { tags?: string[]; summary?: string; responses?: Record<string, unknown> };

describe('OpenAPI document', () => {
  it('describes every contacts route with a tag, a summary and its responses', async () => {
    const res = await api.app.inject('/openapi.json');
    expect(res.statusCode).toBe(200);
    const paths: Record<string, Record<string, Operation>> = res.json().paths;
    const routes = Object.entries(paths).filter(([path]) => path.includes('/contacts'));
    const operations = routes.flatMap(([path, methods]) =>
      Object.entries(methods).map(([m, op]) => ({ path, m, op })),
    );
    expect(operations.map(({ m, path }) => `${m} ${path}`).sort()).toEqual([
      'delete /v1/contacts/{id}',
      'get /internal/contacts/{id}',
      'get /v1/contacts',
      'get /v1/contacts/{id}',
      'patch /v1/contacts/{id}',
      'post /internal/contacts/upsert',
      'post /v1/contacts',
      'post /v1/contacts/{id}/merge',
      'post /v1/contacts/{id}/unmerge',
    ]);
    for (const { op } of operations) {
      expect(op.tags?.length).toBeGreaterThan(0);
      expect(op.summary).toBeTruthy();
      expect(Object.keys(op.responses ?? {})).not.toHaveLength(0);
    }
  });
});
