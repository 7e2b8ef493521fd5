import { QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { lazy, type ReactNode, Suspense, useEffect, useState } from 'react';
import { AccountPicker } from './features/auth/account-picker';
import {
  AuthProvider,
  CurrentUserProvider,
  toCurrentUser,
  useAuth,
  useMeQuery,
} from './features/auth/auth-context';
import { LoginPage } from './features/auth/login-page';
import { InboxPage } from './features/conversations/inbox-page';
import { useLiveInbox } from './features/conversations/use-live-inbox';
import { RealtimeProvider } from './features/realtime/realtime-context';
import { ShortcutHelp } from './features/shortcuts/help-dialog';
import { useShortcuts } from './features/shortcuts/use-shortcuts';
import { AppShell } from './layout/app-shell';
import { ApiError } from './lib/api-error';
import { navigate, useLocation } from './lib/router';
import { ErrorAlert, Loading } from './ui/states';
import { ToastProvider } from './ui/toast';
import './styles/base.css';
import './styles/components.css';

const AdminPage = lazy(() => import('./features/admin/admin-page'));
const SettingsPage = lazy(() => import('./features/agent-preferences/settings-page'));

function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // A 4xx will not change by asking again; network and 5xx errors get two more tries.
        retry: (count, err) => !(err instanceof ApiError && err.status < 500) && count < 2,
        refetchOnWindowFocus: true,
        staleTime: 10_000,
      },
      mutations: { retry: false },
    },
  });
}

function Routes() {
  const { pathname } = useLocation();
  const [help, setHelp] = useState(false);
  useLiveInbox();
  useShortcuts((action) => {
    if (action !== 'help') return false;
    setHelp(true);
  });

  useEffect(() => {
    if (pathname === '/' || pathname === '/login' || pathname === '/index.html')
      navigate('/inbox', { replace: true });
    if (pathname === '/admin' || pathname === '/admin/') navigate('/admin/channels', { replace: true });
  }, [pathname]);

  let page: ReactNode;
  if (pathname.startsWith('/admin/')) page = <AdminPage />;
  else if (pathname.startsWith('/settings')) page = <SettingsPage />;
  else page = <InboxPage />;

  return (
    <AppShell onHelp={() => setHelp(true)}>
      <Suspense fallback={<Loading />}>{page}</Suspense>
      {help ? <ShortcutHelp onClose={() => setHelp(false)} /> : null}
    </AppShell>
  );
}

/** After login: who am I, in which account; then the live app. */
function SignedIn() {
  const { state, session } = useAuth();
  const me = useMeQuery();
  const accounts = me.data?.accounts ?? [];
  const selected = accounts.find((a) => a.account_id === state.accountId);
  const onlyAccount = accounts.length === 1 ? accounts[0]!.account_id : null;

  useEffect(() => {
    if (onlyAccount && state.accountId !== onlyAccount) session.selectAccount(onlyAccount);
  }, [onlyAccount, state.accountId, session]);

  if (me.isLoading) return <Loading label="Signing in" />;
  if (me.isError || !me.data) {
    return (
      <main
        className="auth-page"
        style={{ display: 'grid', placeItems: 'center', height: '100%', padding: 24 }}
      >
        <div style={{ maxWidth: 420, display: 'flex', flexDirection: 'column', gap: 12 }}>
          <ErrorAlert
            error={me.error}
            title="Could not load your profile"
            onRetry={() => void me.refetch()}
          />
          <button type="button" className="btn" onClick={() => void session.logout()}>
            Sign out
          </button>
        </div>
      </main>
    );
  }
  if (accounts.length > 1 && !selected) return <AccountPicker accounts={accounts} />;
  return (
    <CurrentUserProvider value={toCurrentUser(me.data, state.accountId)}>
      <RealtimeProvider>
        <Routes />
      </RealtimeProvider>
    </CurrentUserProvider>
  );
}

function Root() {
  const { state } = useAuth();
  const client = useQueryClient();
  const signedIn = state.tokens !== null;
  // Nothing of a signed-out user stays in memory for the next one.
  useEffect(() => {
    if (!signedIn) client.clear();
  }, [signedIn, client]);
  return state.tokens ? <SignedIn /> : <LoginPage />;
}

/** The agent app: inbox, admin screens and preferences, behind the login. */
export function App() {
  const [client] = useState(createQueryClient);
  return (
    <QueryClientProvider client={client}>
      <ToastProvider>
        <AuthProvider>
          <Root />
        </AuthProvider>
      </ToastProvider>
    </QueryClientProvider>
  );
}
