import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  createContext,
  type ReactNode,
  useContext,
  useEffect,
  useMemo,
  useState,
  useSyncExternalStore,
} from 'react';
import { ApiError } from '../../lib/api-error';
import { createHttp, type Http } from '../../lib/http';
import { authTransport, type Me, type MyAccount, meApi } from './api';
import { createSession, type Session, type SessionState } from './session';
import { decodeJwtClaims } from './token-schedule';

interface AuthValue {
  session: Session;
  state: SessionState;
  http: Http;
}

const AuthContext = createContext<AuthValue | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [session] = useState(() =>
    createSession({ transport: authTransport(), local: window.localStorage, tab: window.sessionStorage }),
  );
  useEffect(() => {
    session.start();
    return () => session.stop();
  }, [session]);
  const state = useSyncExternalStore(session.subscribe, session.getState);
  const http = useMemo(() => createHttp(session.httpAuth), [session]);
  const value = useMemo(() => ({ session, state, http }), [session, state, http]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}

export const useHttp = () => useAuth().http;

/** A feature's typed client over the session's HTTP client, e.g. `useApi(conversationsApi)`. */
export function useApi<T>(factory: (http: Http) => T): T {
  const http = useHttp();
  return useMemo(() => factory(http), [factory, http]);
}

/** Who is signed in: `/v1/users/me`, or the token's own claims while that endpoint is missing. */
function meFromToken(token: string): Me {
  const claims = decodeJwtClaims(token) ?? {};
  return {
    id: String(claims.sub ?? ''),
    email: String(claims.email ?? ''),
    name: String(claims.name ?? claims.email ?? 'Me'),
    accounts: [],
  };
}

export function useMeQuery() {
  const { http, state } = useAuth();
  const token = state.tokens?.access_token ?? null;
  const userId = token ? String(decodeJwtClaims(token)?.sub ?? '') : '';
  return useQuery({
    queryKey: ['me', userId],
    enabled: token !== null,
    staleTime: 5 * 60_000,
    queryFn: async () => {
      try {
        return await meApi(http).get();
      } catch (err) {
        if (err instanceof ApiError && err.status === 404 && token) return meFromToken(token);
        throw err;
      }
    },
  });
}

export interface CurrentUser extends Me {
  account: MyAccount | null;
  role: string;
  /** Admins and supervisors see the whole account and the admin screens. */
  isManager: boolean;
}

const CurrentUserContext = createContext<CurrentUser | null>(null);
export const CurrentUserProvider = CurrentUserContext.Provider;

export function useCurrentUser(): CurrentUser {
  const user = useContext(CurrentUserContext);
  if (!user) throw new Error('useCurrentUser outside the signed-in app');
  return user;
}

export function toCurrentUser(me: Me, accountId: string | null): CurrentUser {
  const account = me.accounts.find((a) => a.account_id === accountId) ?? me.accounts[0] ?? null;
  const role = account?.role ?? 'agent';
  return { ...me, account, role, isManager: role === 'admin' || role === 'supervisor' };
}

/** Switches the account: every cached query belonged to the old one. */
export function useSwitchAccount() {
  const { session } = useAuth();
  const queryClient = useQueryClient();
  return (accountId: string) => {
    session.selectAccount(accountId);
    queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
  };
}
