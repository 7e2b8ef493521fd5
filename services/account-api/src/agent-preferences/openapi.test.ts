import { createHttpApp } from '@turumba/platform/http';
import { createSilentLogger } from '@turumba/platform/logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAccountApi } from '../test-support';
import { registerAgentPreferencesModule } from './module';
import type { TestApi } from './test-helpers';

let api: TestApi;

beforeAll(async () => {
  api = await createTestAccountApi();
});
afterAll(() => api?.cleanup());

describe('OpenAPI', () => {
  it('documents every route of the module with its tag, a summary and zod-derived schemas', async () => {
    // A bare app with only this module, so other modules' documents cannot mask ours.
    const app = await createHttpApp({ name: 'probe', logger: createSilentLogger() });
    registerAgentPreferencesModule(app, api.deps.modules);
    await app.ready();
    const paths = (await app.inject('/openapi.json')).json().paths;
    const operations = [
      [paths['/v1/agent-preferences/me'].get, 'agent-preferences'],
      [paths['/v1/agent-preferences/me'].patch, 'agent-preferences'],
      [paths['/v1/agent-preferences'].get, 'agent-preferences'],
      [paths['/v1/agent-preferences'].post, 'agent-preferences'],
      [paths['/v1/agent-preferences/{user_id}'].get, 'agent-preferences'],
      [paths['/v1/agent-preferences/{user_id}'].patch, 'agent-preferences'],
      [paths['/v1/agent-preferences/{user_id}'].delete, 'agent-preferences'],
      [paths['/internal/agents/eligible'].get, 'internal'],
    ];
    for (const [operation, tag] of operations) {
      expect(operation.tags).toEqual([tag]);
      expect(operation.summary).toBeTruthy();
    }
    const patch = paths['/v1/agent-preferences/me'].patch;
    expect(patch.requestBody.content['application/json'].schema.properties).toHaveProperty('available_hours');
    await app.close();
  });
});
