import { describe, expect, it } from 'vitest';
import { matchRoute } from './route-table';

describe('route table', () => {
  it.each([
    ['/v1/bot-rules', 'messaging'],
    ['/v1/bot-rules/test', 'messaging'],
    ['/v1/bot-rules/6f1c2a9e-3b1d-4c3e-9a8f-0d2b7c4e5f61', 'messaging'],
    ['/v1/queue', 'messaging'],
    ['/v1/conversations/counts', 'messaging'],
    ['/v1/teams', 'account'],
    ['/v1/agent-preferences/me', 'account'],
  ])('forwards %s to the %s API, behind a JWT', (path, upstream) => {
    expect(matchRoute(path)).toEqual({ upstream, isPublic: false });
  });

  it.each(['/v1/queued', '/v1/queues', '/v1/bot-rulesx', '/internal/agents/eligible'])(
    'exposes nothing at %s',
    (path) => {
      expect(matchRoute(path)).toBeUndefined();
    },
  );
});
