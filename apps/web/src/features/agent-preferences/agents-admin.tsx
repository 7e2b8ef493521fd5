import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AgentPreferences } from '@turumba/contracts';
import { useState } from 'react';
import { Avatar } from '../../ui/avatar';
import { ChannelIcon } from '../../ui/channel-icon';
import { EmptyState, ErrorAlert, Loading } from '../../ui/states';
import { useToast } from '../../ui/toast';
import { useApi } from '../auth/auth-context';
import { useMembers } from '../users/use-members';
import { agentPreferencesApi, preferenceKeys } from './api';
import { PreferencesFormView } from './preferences-form';

function hoursSummary(p: AgentPreferences | undefined): string {
  if (!p?.available_hours) return 'Any time';
  const slots = p.available_hours.schedule.map((s) => `${s.days.join(',')} ${s.start}–${s.end}`).join('; ');
  return `${slots} (${p.available_hours.timezone})`;
}

function AgentEditor({
  userId,
  name,
  value,
}: {
  userId: string;
  name: string;
  value: AgentPreferences | null;
}) {
  const api = useApi(agentPreferencesApi);
  const client = useQueryClient();
  const toast = useToast();
  const save = useMutation({
    mutationFn: (patch: Parameters<typeof api.update>[1]) => api.update(userId, patch),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: preferenceKeys.all });
      toast.info(`Preferences of ${name} saved.`);
    },
  });
  return (
    <section className="card">
      <header className="card__header">
        <h2>{name}</h2>
        {value ? null : <span className="muted small">Using the defaults until saved</span>}
      </header>
      <div className="card__body">
        <PreferencesFormView
          value={value}
          onSave={(p) => save.mutate(p)}
          isSaving={save.isPending}
          error={save.error}
        />
      </div>
    </section>
  );
}

/** `/admin/agents`: every agent's routing preferences, editable by admins. */
export function AgentsAdmin() {
  const api = useApi(agentPreferencesApi);
  const members = useMembers();
  const all = useQuery({
    queryKey: preferenceKeys.all,
    queryFn: api.list,
    retry: false,
    select: (p) => p.data,
  });
  const [selected, setSelected] = useState<string | null>(null);
  const byUser = new Map((all.data ?? []).map((p) => [p.user_id, p]));
  const people = members.data ?? [];
  const current = people.find((m) => m.id === selected) ?? people[0];
  return (
    <div className="page">
      <header className="page__header">
        <div>
          <h1>Agent preferences</h1>
          <p className="muted">
            Channels, topics, languages, hours and capacity that routing uses to pick an agent.
          </p>
        </div>
      </header>
      <div className="page__body">
        {members.isLoading ? (
          <Loading />
        ) : members.isError ? (
          <ErrorAlert
            error={members.error}
            title="Could not load agents"
            onRetry={() => void members.refetch()}
          />
        ) : people.length === 0 ? (
          <EmptyState icon="users" title="No agents yet" />
        ) : (
          <div className="split">
            <div className="card table-wrap">
              {all.isError ? (
                <div style={{ padding: 12 }}>
                  <ErrorAlert error={all.error} title="Preferences could not be listed" />
                </div>
              ) : null}
              <table className="table">
                <thead>
                  <tr>
                    <th>Agent</th>
                    <th>Channels</th>
                    <th>Hours</th>
                    <th>Max</th>
                  </tr>
                </thead>
                <tbody>
                  {people.map((m) => {
                    const p = byUser.get(m.id);
                    return (
                      <tr key={m.id} className="selectable-row" data-selected={current?.id === m.id}>
                        <td>
                          <button
                            type="button"
                            className="link-button"
                            aria-pressed={current?.id === m.id}
                            onClick={() => setSelected(m.id)}
                          >
                            <span style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
                              <Avatar name={m.name} id={m.id} size="sm" />
                              <span>
                                <strong>{m.name}</strong>
                                <span className="muted small">
                                  {' '}
                                  · {p ? (p.is_available ? 'available' : 'unavailable') : 'defaults'}
                                </span>
                              </span>
                            </span>
                          </button>
                        </td>
                        <td>
                          <span style={{ display: 'inline-flex', gap: 3 }}>
                            {p?.available_channels.length ? (
                              p.available_channels.map((c) => <ChannelIcon key={c} type={c} size={16} />)
                            ) : (
                              <span className="muted small">All</span>
                            )}
                          </span>
                        </td>
                        <td className="small muted">{hoursSummary(p)}</td>
                        <td>{p?.max_concurrent_conversations ?? 5}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            {current && !all.isLoading ? (
              <AgentEditor
                key={current.id}
                userId={current.id}
                name={current.name}
                value={byUser.get(current.id) ?? null}
              />
            ) : null}
          </div>
        )}
      </div>
    </div>
  );
}
