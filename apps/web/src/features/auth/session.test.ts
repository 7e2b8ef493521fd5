import { describe, expect, it } from 'vitest';
import { ApiError } from '../../lib/api-error';
import { type AuthTransport, createSession } from './session';
import type { TokenPair } from './token-schedule';

class MemoryStorage {
  items = new Map<string, string>();
  getItem = (k: string) => this.items.get(k) ?? null;
  setItem = (k: string, v: string) => void this.items.set(k, v);
  removeItem = (k: string) => void this.items.delete(k);
}

function setup(transport: Partial<AuthTransport> = {}) {
  let now = 0;
  const timers: { fn: () => void; at: number }[] = [];
  let refreshes = 0;
  const pair = (n: number): TokenPair => ({
    access_token: `access-${n}`,
    refresh_token: `refresh-${n}`,
    expires_in: 900,
  });
  const local = new MemoryStorage();
  const tab = new MemoryStorage();
  const session = createSession({
    transport: {
      login: async () => pair(0),
      refresh: async () => pair(++refreshes),
      logout: async () => undefined,
      ...transport,
    },
    local,
    tab,
    now: () => now,
    setTimer: (fn, ms) => {
      const timer = { fn, at: now + ms };
      timers.push(timer);
      return timer;
    },
    clearTimer: (t) => {
      const i = timers.indexOf(t as (typeof timers)[number]);
      if (i >= 0) timers.splice(i, 1);
    },
  });
  return {
    session,
    local,
    tab,
    timers,
    advance(ms: number) {
      now += ms;
      for (const t of timers.filter((x) => x.at <= now)) {
        timers.splice(timers.indexOf(t), 1);
        t.fn();
      }
    },
  };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('session', () => {
  it('keeps tokens in sessionStorage by default and in localStorage when asked to remember', async () => {
    const a = setup();
    await a.session.login('a@x', 'pw', false);
    expect(a.tab.getItem('turumba.session')).toContain('access-0');
    expect(a.local.getItem('turumba.session')).toBeNull();
    const b = setup();
    await b.session.login('a@x', 'pw', true);
    expect(b.local.getItem('turumba.session')).toContain('access-0');
  });

  it('schedules a refresh a minute before expiry and re-schedules after it', async () => {
    const s = setup();
    await s.session.login('a@x', 'pw', false);
    expect(s.timers.map((t) => t.at)).toEqual([840_000]);
    s.advance(840_000);
    await flush();
    expect(s.session.getState().tokens?.access_token).toBe('access-1');
    expect(s.timers.map((t) => t.at)).toEqual([840_000 + 840_000]);
  });

  it('makes one refresh call for many concurrent 401s', async () => {
    let calls = 0;
    const s = setup({
      refresh: async () => {
        calls++;
        return { access_token: 'new', refresh_token: 'r2', expires_in: 900 };
      },
    });
    await s.session.login('a@x', 'pw', false);
    const results = await Promise.all([1, 2, 3].map(() => s.session.httpAuth.refreshAfterUnauthorized()));
    expect(results).toEqual([true, true, true]);
    expect(calls).toBe(1);
  });

  it('signs out with a notice when the refresh token is refused', async () => {
    const s = setup({
      refresh: async () => {
        throw new ApiError(401, 'unauthorized', 'Invalid refresh token');
      },
    });
    await s.session.login('a@x', 'pw', false);
    expect(await s.session.refresh()).toBe(false);
    expect(s.session.getState().tokens).toBeNull();
    expect(s.session.getState().notice).toMatch(/expired/);
    expect(s.tab.getItem('turumba.session')).toBeNull();
  });

  it('keeps the session and retries later when the refresh fails on the network', async () => {
    const s = setup({
      refresh: async () => {
        throw new TypeError('Failed to fetch');
      },
    });
    await s.session.login('a@x', 'pw', false);
    expect(await s.session.refresh()).toBe(false);
    expect(s.session.getState().tokens?.access_token).toBe('access-0');
    expect(s.timers).toHaveLength(1);
  });

  it('signs out at once and ends the session server-side with its refresh token and bearer', async () => {
    const calls: [string, string][] = [];
    const s = setup({
      logout: async (refreshToken, accessToken) => {
        calls.push([refreshToken, accessToken]);
        throw new ApiError(503, 'service_unavailable', 'down');
      },
    });
    await s.session.login('a@b.c', 'pw', false);
    await s.session.logout();
    expect(calls).toEqual([['refresh-0', 'access-0']]);
    // A failing server call does not keep the user signed in.
    expect(s.session.getState().tokens).toBeNull();
  });

  it('restores tokens and the chosen account from storage', async () => {
    const s = setup();
    await s.session.login('a@x', 'pw', true);
    s.session.selectAccount('acc-2');
    const again = createSession({
      transport: {
        login: async () => ({}) as TokenPair,
        refresh: async () => ({}) as TokenPair,
        logout: async () => undefined,
      },
      local: s.local,
      tab: s.tab,
    });
    expect(again.getState().accountId).toBe('acc-2');
    expect(again.httpAuth.accessToken()).toBe('access-0');
  });
});
