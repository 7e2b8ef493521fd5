import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AgentPreferences } from '@turumba/contracts';
import { useState } from 'react';
import { ErrorAlert, Loading } from '../../ui/states';
import { useToast } from '../../ui/toast';
import { useApi, useCurrentUser } from '../auth/auth-context';
import { canNotify, requestDesktopPermission } from '../notifications/notify';
import { agentPreferencesApi, preferenceKeys } from './api';
import { PreferencesFormView } from './preferences-form';

function NotificationPermission() {
  const [permission, setPermission] = useState(() => (canNotify() ? Notification.permission : 'unsupported'));
  if (permission === 'unsupported')
    return <p className="muted small">This browser cannot show desktop notifications.</p>;
  if (permission === 'granted')
    return <p className="muted small">Desktop notifications are allowed in this browser.</p>;
  return (
    <div className="alert alert--info">
      <div className="alert__body">
        {permission === 'denied'
          ? 'Desktop notifications are blocked for this site. Allow them in the browser’s site settings.'
          : 'Allow desktop notifications so assignments reach you while this tab is in the background.'}
      </div>
      {permission === 'default' ? (
        <button
          type="button"
          className="btn btn--sm"
          onClick={() => void requestDesktopPermission().then((p) => setPermission(p))}
        >
          Allow
        </button>
      ) : null}
    </div>
  );
}

/** `/settings`: the agent's own preferences (`/v1/agent-preferences/me`). */
export default function SettingsPage() {
  const api = useApi(agentPreferencesApi);
  const me = useCurrentUser();
  const client = useQueryClient();
  const toast = useToast();
  // The defaults (id null) until the first save, so nothing to special-case here.
  const prefs = useQuery({ queryKey: preferenceKeys.mine, queryFn: api.mine, retry: false });
  const save = useMutation({
    mutationFn: api.updateMine,
    onSuccess: (saved: AgentPreferences) => {
      client.setQueryData(preferenceKeys.mine, saved);
      toast.info('Preferences saved.');
    },
  });
  return (
    <div className="page">
      <header className="page__header">
        <div>
          <h1>My preferences</h1>
          <p className="muted">
            {me.name} · {me.email}. Routing uses these to pick who gets a conversation.
          </p>
        </div>
      </header>
      <div className="page__body page__body--narrow">
        <NotificationPermission />
        {prefs.isLoading ? (
          <Loading />
        ) : prefs.isError ? (
          <ErrorAlert
            error={prefs.error}
            title="Could not load your preferences"
            onRetry={() => void prefs.refetch()}
          />
        ) : (
          <div className="card card__body">
            {prefs.data?.id === null ? (
              <p className="muted small">You are using the defaults: nothing saved yet.</p>
            ) : null}
            <PreferencesFormView
              value={prefs.data ?? null}
              onSave={(p) => save.mutate(p)}
              isSaving={save.isPending}
              error={save.error}
            />
          </div>
        )}
      </div>
    </div>
  );
}
