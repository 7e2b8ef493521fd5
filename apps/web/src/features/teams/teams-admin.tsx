import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Avatar } from '../../ui/avatar';
import { Dialog } from '../../ui/dialog';
import { Icon } from '../../ui/icons';
import { EmptyState, ErrorAlert, Loading } from '../../ui/states';
import { useToast } from '../../ui/toast';
import { useApi } from '../auth/auth-context';
import { useMembers } from '../users/use-members';
import { type Team, type TeamMember, teamKeys, teamsApi } from './api';
import { useTeams } from './use-teams';

function TeamDialog({ team, onClose }: { team: Team | null; onClose: (saved?: Team) => void }) {
  const api = useApi(teamsApi);
  const client = useQueryClient();
  const [name, setName] = useState(team?.name ?? '');
  const [description, setDescription] = useState(team?.description ?? '');
  const save = useMutation({
    mutationFn: () => {
      const input = { name: name.trim(), description: description.trim() || null };
      return team ? api.update(team.id, input) : api.create(input);
    },
    onSuccess: (saved) => {
      void client.invalidateQueries({ queryKey: teamKeys.all });
      onClose(saved);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <Dialog
      title={team ? `Edit ${team.name}` : 'New team'}
      onClose={() => onClose()}
      footer={
        <>
          <button type="button" className="btn" onClick={() => onClose()}>
            Cancel
          </button>
          <button
            type="submit"
            form="team-form"
            className="btn btn--primary"
            disabled={!name.trim() || save.isPending}
          >
            Save
          </button>
        </>
      }
    >
      <form id="team-form" className="prefs-form" onSubmit={submit}>
        <label className="field">
          <span className="field__label">Name</span>
          <input
            className="input"
            name="team-name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            placeholder="Billing"
          />
        </label>
        <label className="field">
          <span className="field__label">Description</span>
          <textarea
            className="textarea"
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            placeholder="Invoices, refunds and payment questions"
          />
        </label>
        {save.error ? <ErrorAlert error={save.error} title="Not saved" /> : null}
      </form>
    </Dialog>
  );
}

function TeamMembers({ team }: { team: Team }) {
  const api = useApi(teamsApi);
  const client = useQueryClient();
  const toast = useToast();
  const users = useMembers();
  const members = useQuery({
    queryKey: teamKeys.members(team.id),
    queryFn: () => api.members(team.id),
    select: (p) => p.data,
  });
  const [userId, setUserId] = useState('');
  const refresh = () => {
    void client.invalidateQueries({ queryKey: teamKeys.members(team.id) });
    void client.invalidateQueries({ queryKey: teamKeys.all });
  };
  const add = useMutation({
    mutationFn: () => api.addMember(team.id, userId),
    onSuccess: () => {
      setUserId('');
      refresh();
    },
    onError: (e) => toast.error(e, 'Could not add'),
  });
  const setRole = useMutation({
    mutationFn: (m: TeamMember) =>
      api.updateMember(team.id, m.user_id, m.role === 'lead' ? 'member' : 'lead'),
    onSuccess: refresh,
    onError: (e) => toast.error(e, 'Could not change the role'),
  });
  const remove = useMutation({
    mutationFn: (uid: string) => api.removeMember(team.id, uid),
    onSuccess: refresh,
    onError: (e) => toast.error(e, 'Could not remove'),
  });
  const candidates = (users.data ?? []).filter(
    (u) => u.is_active && !members.data?.some((m) => m.user_id === u.id),
  );
  return (
    <section className="card">
      <header className="card__header">
        <div>
          <h2>{team.name}</h2>
          {team.description ? <p className="muted small">{team.description}</p> : null}
        </div>
      </header>
      <div className="card__body">
        <form
          className="inline-form"
          style={{ marginTop: 0, marginBottom: 12 }}
          onSubmit={(e) => {
            e.preventDefault();
            if (userId) add.mutate();
          }}
        >
          <select
            className="select select--sm"
            aria-label="Agent to add"
            value={userId}
            onChange={(e) => setUserId(e.target.value)}
          >
            <option value="">Add an agent…</option>
            {candidates.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name} ({u.email})
              </option>
            ))}
          </select>
          <button type="submit" className="btn btn--sm btn--primary" disabled={!userId || add.isPending}>
            Add
          </button>
        </form>
        {members.isLoading ? (
          <Loading />
        ) : members.isError ? (
          <ErrorAlert error={members.error} />
        ) : members.data?.length === 0 ? (
          <p className="muted small">No members yet.</p>
        ) : (
          <ul className="member-list">
            {members.data?.map((m) => (
              <li key={m.user_id}>
                <Avatar name={m.name} id={m.user_id} size="sm" />
                <span style={{ flex: 1, minWidth: 0 }}>
                  <strong>{m.name}</strong> <span className="muted small">{m.email}</span>
                </span>
                <button
                  type="button"
                  className={`badge ${m.role === 'lead' ? 'badge--primary' : ''}`}
                  style={{ border: 0 }}
                  onClick={() => setRole.mutate(m)}
                  title="Toggle lead"
                >
                  {m.role === 'lead' ? 'Lead' : 'Member'}
                </button>
                <button
                  type="button"
                  className="btn btn--ghost btn--icon btn--sm btn--danger"
                  aria-label={`Remove ${m.name} from ${team.name}`}
                  onClick={() => remove.mutate(m.user_id)}
                >
                  <Icon name="x" size={14} />
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}

/** `/admin/teams`: teams (queues for routing) and who is in them. */
export function TeamsAdmin() {
  const api = useApi(teamsApi);
  const client = useQueryClient();
  const toast = useToast();
  const teams = useTeams();
  const [selected, setSelected] = useState<string | null>(null);
  const [editing, setEditing] = useState<Team | 'new' | null>(null);
  const remove = useMutation({
    mutationFn: api.remove,
    onSuccess: () => void client.invalidateQueries({ queryKey: teamKeys.all }),
    onError: (e) => toast.error(e, 'Could not delete'),
  });
  const current = teams.data?.find((t) => t.id === selected) ?? teams.data?.[0];
  return (
    <div className="page">
      <header className="page__header">
        <div>
          <h1>Teams</h1>
          <p className="muted">
            Teams are queues: bot rules route conversations to them, and their members pick them up.
          </p>
        </div>
        <button type="button" className="btn btn--primary" onClick={() => setEditing('new')}>
          <Icon name="plus" size={15} /> New team
        </button>
      </header>
      <div className="page__body">
        {teams.isLoading ? (
          <Loading />
        ) : teams.isError ? (
          <ErrorAlert error={teams.error} title="Could not load teams" onRetry={() => void teams.refetch()} />
        ) : teams.data?.length === 0 ? (
          <div className="card">
            <EmptyState icon="team" title="No teams yet">
              Create teams such as Billing or Technical support.
            </EmptyState>
          </div>
        ) : (
          <div className="split">
            <div className="card table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th>Team</th>
                    <th>Members</th>
                    <th>
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {teams.data?.map((t) => (
                    <tr key={t.id} className="selectable-row" data-selected={current?.id === t.id}>
                      <td>
                        <button
                          type="button"
                          className="link-button"
                          aria-pressed={current?.id === t.id}
                          onClick={() => setSelected(t.id)}
                        >
                          <strong>{t.name}</strong>
                        </button>
                        {t.description ? <div className="muted small">{t.description}</div> : null}
                      </td>
                      <td>{t.member_count}</td>
                      <td>
                        <div className="table__actions">
                          <button
                            type="button"
                            className="btn btn--sm btn--ghost btn--icon"
                            aria-label={`Edit ${t.name}`}
                            onClick={() => setEditing(t)}
                          >
                            <Icon name="edit" size={15} />
                          </button>
                          <button
                            type="button"
                            className="btn btn--sm btn--ghost btn--icon btn--danger"
                            aria-label={`Delete ${t.name}`}
                            onClick={() => {
                              if (window.confirm(`Delete the team “${t.name}”?`)) remove.mutate(t.id);
                            }}
                          >
                            <Icon name="trash" size={15} />
                          </button>
                        </div>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {current ? <TeamMembers key={current.id} team={current} /> : null}
          </div>
        )}
      </div>
      {editing ? (
        <TeamDialog
          team={editing === 'new' ? null : editing}
          onClose={(saved) => {
            if (saved) setSelected(saved.id);
            setEditing(null);
          }}
        />
      ) : null}
    </div>
  );
}
