import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAccountApi, type TestAccountApi } from '../test-support';

let api: TestAccountApi;

beforeAll(async () => {
  api = await createTestAccountApi();
});
afterAll(() => api?.cleanup());

const identityPaths = /^\/(v1\/(auth|accounts|users|roles)|context|internal\/signing-keys)/;

describe('OpenAPI document', () => {
  it('describes every identity route with tags, a summary and response schemas', async () => {
    const doc = (await api.app.inject('/openapi.json')).json();
    const operations = Object.entries(doc.paths as Record<string, Record<string, Record<string, unknown>>>)
      .filter(([path]) => identityPaths.test(path))
      .flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));
    expect(operations.length).toBeGreaterThanOrEqual(20);
    for (const { path, method, op } of operations) {
      expect({ path, method, tags: op.tags }).toEqual({
        path,
        method,
        tags: expect.arrayContaining([expect.any(String)]),
      });
      expect(op.summary, `${method} ${path}`).toEqual(expect.any(String));
      expect(Object.keys(op.responses as object).length, `${method} ${path}`).toBeGreaterThan(0);
    }
    expect(doc.paths['/v1/users'].get.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['filter', 'sort', 'skip', 'limit', 'x-account-id']),
    );
  });
});
