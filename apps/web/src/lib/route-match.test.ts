import { describe, expect, it } from 'vitest';
import { matchPath } from './route-match';

describe('matchPath', () => {
  it('extracts params and refuses other paths', () => {
    expect(matchPath('/inbox/:id', '/inbox/abc')).toEqual({ id: 'abc' });
    expect(matchPath('/inbox/:id', '/inbox')).toBeNull();
    expect(matchPath('/inbox/:id', '/inbox/a/b')).toBeNull();
    expect(matchPath('/widget/:channelId', '/widget/c%2D1')).toEqual({ channelId: 'c-1' });
  });

  it('supports a trailing wildcard', () => {
    expect(matchPath('/admin/:section/*', '/admin/channels/new')).toEqual({ section: 'channels' });
    expect(matchPath('/admin/:section/*', '/admin/channels')).toEqual({ section: 'channels' });
  });
});
