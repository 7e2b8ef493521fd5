import { ApiError } from '../../lib/api-error';
import type { HttpAuth } from '../../lib/http';
import {
  isExpired,
  refreshDelayMs,
  retryDelayMs,
  type StoredTokens,
  type TokenPair,
  toStoredTokens,
} from './token-schedule';

export interface AuthTransport {
  login(email: string, password: string): Promise<TokenPair>;
  refresh(refreshToken: string): Promise<TokenPair>;
  /** Ends the session server-side; the access token is the bearer the logout route requires. */
  logout(refreshToken: string, accessToken: string): Promise<void>;
}

export interface SessionState {
  tokens: StoredTokens | null;
  /** The account sent as `X-Account-Id`; null until chosen (or when the user has one). */
  accountId: string | null;
  /** Why the user was signed out, shown on the login page. */
  notice: string | null;
}

interface SessionDeps {
  transport: AuthTransport;
  /** Tokens survive a reload in sessionStorage, or in localStorage with "keep me signed in". */
  local: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  tab: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

const KEY = 'turumba.session';

interface Persisted extends StoredTokens {
  account_id: string | null;
}

function readPersisted(store: SessionDeps['local']): Persisted | null {
  try {
    const raw = store.getItem(KEY);
    const value = raw ? (JSON.parse(raw) as Persisted) : null;
    return value?.refresh_token ? value : null;
  } catch {
    return null;
  }
}

/** The refresh token was refused: a new login is needed (as opposed to a network blip). */
const isFinal = (err: unknown) => err instanceof ApiError && err.status >= 400 && err.status < 500;

/**
 * The signed-in session: tokens in memory and in web storage, a timer that refreshes the access
 * token before it expires, and a single-flight refresh for 401s (many parallel requests, one call).
 */
export function createSession(deps: SessionDeps) {
  const now = deps.now ?? Date.now;
  const setTimer = deps.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = deps.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  const listeners = new Set<() => void>();
  const fromLocal = readPersisted(deps.local);
  let remember = fromLocal !== null;
  const stored = fromLocal ?? readPersisted(deps.tab);
  let state: SessionState = {
    tokens: stored
      ? {
          access_token: stored.access_token,
          refresh_token: stored.refresh_token,
          expires_at: stored.expires_at,
        }
      : null,
    accountId: stored?.account_id ?? null,
    notice: null,
  };
  let timer: unknown = null;
  let inFlight: Promise<boolean> | null = null;
  let failures = 0;

  function persist() {
    deps.local.removeItem(KEY);
    deps.tab.removeItem(KEY);
    if (!state.tokens) return;
    const value: Persisted = { ...state.tokens, account_id: state.accountId };
    (remember ? deps.local : deps.tab).setItem(KEY, JSON.stringify(value));
  }

  function set(next: Partial<SessionState>) {
    state = { ...state, ...next };
    persist();
    for (const listener of listeners) listener();
  }

  function schedule(delay?: number) {
    if (timer !== null) clearTimer(timer);
    timer = null;
    if (!state.tokens) return;
    timer = setTimer(() => void refresh(), delay ?? refreshDelayMs(state.tokens.expires_at, now()));
  }

  function signOut(notice: string | null) {
    if (timer !== null) clearTimer(timer);
    timer = null;
    set({ tokens: null, notice });
  }

  /** Exchanges the refresh token once, however many callers ask at the same time. */
  function refresh(): Promise<boolean> {
    const current = state.tokens;
    if (!current) return Promise.resolve(false);
    inFlight ??= deps.transport
      .refresh(current.refresh_token)
      .then((pair) => {
        failures = 0;
        set({ tokens: toStoredTokens(pair, now()), notice: null });
        schedule();
        return true;
      })
      .catch((err: unknown) => {
        if (isFinal(err)) {
          signOut('Your session has expired. Please sign in again.');
          return false;
        }
        schedule(retryDelayMs(failures++));
        return false;
      })
      .finally(() => {
        inFlight = null;
      });
    return inFlight;
  }

  const httpAuth: HttpAuth = {
    accessToken: () => state.tokens?.access_token ?? null,
    accountId: () => state.accountId,
    refreshAfterUnauthorized: refresh,
  };

  return {
    httpAuth,
    getState: () => state,
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    /** Starts the refresh timer for tokens restored from storage (refreshing now if expired). */
    start() {
      if (!state.tokens) return;
      if (isExpired(state.tokens, now())) void refresh();
      else schedule();
    },
    async login(email: string, password: string, keepSignedIn: boolean) {
      const pair = await deps.transport.login(email, password);
      remember = keepSignedIn;
      set({ tokens: toStoredTokens(pair, now()), notice: null });
      schedule();
    },
    async logout() {
      const tokens = state.tokens;
      signOut(null);
      if (tokens)
        await deps.transport.logout(tokens.refresh_token, tokens.access_token).catch(() => undefined);
    },
    refresh,
    selectAccount(accountId: string | null) {
      if (accountId !== state.accountId) set({ accountId });
    },
    stop() {
      if (timer !== null) clearTimer(timer);
      timer = null;
    },
  };
}

export type Session = ReturnType<typeof createSession>;
