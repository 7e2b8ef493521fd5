import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError } from '../../lib/api-error';
import { Avatar } from '../../ui/avatar';
import { Dialog } from '../../ui/dialog';
import { Icon } from '../../ui/icons';
import { ErrorAlert, Loading } from '../../ui/states';
import { useToast } from '../../ui/toast';
import { useApi, useCurrentUser } from '../auth/auth-context';
import { useRealtime } from '../realtime/realtime-context';
import { type Member, type Role, userKeys, usersApi } from './api';
import { useMembers } from './use-members';

function AddUserDialog({ roles, onClose }: { roles: Role[]; onClose: () => void }) {
  const api = useApi(usersApi);
  const client = useQueryClient();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState('agent');
  const [password, setPassword] = useState('');
  const add = useMutation({
    mutationFn: () =>
      api.add({ email: email.trim(), name: name.trim(), role, ...(password ? { password } : {}) }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: userKeys.all });
      onClose();
    },
  });
  const errors = add.error instanceof ApiError ? add.error.fieldErrors : {};
  const submit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate();
  };
  return (
    <Dialog
      title="Add a user"
      onClose={onClose}
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            form="user-form"
            className="btn btn--primary"
            disabled={!email.trim() || !name.trim() || add.isPending}
          >
            Add user
          </button>
        </>
      }
    >
      <form id="user-form" className="prefs-form" onSubmit={submit}>
        <div className="form-grid">
          <label className="field">
            <span className="field__label">Name</span>
            <input
              className="input"
              name="user-name"
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
            {errors.name ? <span className="field__error">{errors.name}</span> : null}
          </label>
          <label className="field">
            <span className="field__label">Email</span>
            <input
              className="input"
              type="email"
              name="user-email"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
            {errors.email ? <span className="field__error">{errors.email}</span> : null}
          </label>
          <label className="field">
            <span className="field__label">Role</span>
            <select className="select" value={role} onChange={(e) => setRole(e.target.value)}>
              {(roles.length ? roles : [{ id: 'agent', key: 'agent', name: 'Agent' } as Role]).map((r) => (
                <option key={r.id} value={r.key}>
                  {r.name}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field__label">Initial password</span>
            <input
              className="input"
              type="password"
              autoComplete="new-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
            <span className="field__hint">
              {errors.password ??
                'For a new email: at least 10 characters. Leave empty to add an existing user.'}
            </span>
          </label>
        </div>
        {add.error ? <ErrorAlert error={add.error} title="Not added" /> : null}
      </form>
    </Dialog>
  );
}

function RolesCard() {
  const api = useApi(usersApi);
  const client = useQueryClient();
  const toast = useToast();
  const roles = useQuery({ queryKey: userKeys.roles, queryFn: api.roles, select: (p) => p.data });
  const [key, setKey] = useState('');
  const [name, setName] = useState('');
  const [permissions, setPermissions] = useState('');
  const refresh = () => void client.invalidateQueries({ queryKey: userKeys.roles });
  const create = useMutation({
    mutationFn: () =>
      api.createRole({
        key: key.trim(),
        name: name.trim(),
        permissions: permissions
          .split(',')
          .map((p) => p.trim())
          .filter(Boolean),
      }),
    onSuccess: () => {
      setKey('');
      setName('');
      setPermissions('');
      refresh();
    },
  });
  const remove = useMutation({
    mutationFn: api.removeRole,
    onSuccess: refresh,
    onError: (e) => toast.error(e, 'Could not delete the role'),
  });
  return (
    <section className="card">
      <header className="card__header">
        <h2>Roles</h2>
        <span className="muted small">
          Admins and supervisors see every conversation; agents see theirs and their teams’.
        </span>
      </header>
      <div className="card__body prefs-form">
        {roles.isLoading ? (
          <Loading />
        ) : roles.isError ? (
          <ErrorAlert error={roles.error} />
        ) : (
          <ul className="member-list">
            {roles.data?.map((r) => (
              <li key={r.id}>
                <Icon name="shield" size={16} />
                <span style={{ flex: 1, minWidth: 0 }}>
                  <strong>{r.name}</strong> <span className="mono muted">{r.key}</span>
                  <div className="muted small ellipsis">{r.permissions.join(', ') || 'No permissions'}</div>
                </span>
                {r.is_built_in ? (
                  <span className="badge">Built in</span>
                ) : (
                  <button
                    type="button"
                    className="btn btn--ghost btn--icon btn--sm btn--danger"
                    aria-label={`Delete role ${r.name}`}
                    onClick={() => remove.mutate(r.id)}
                  >
                    <Icon name="trash" size={14} />
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
        <form
          className="form-grid"
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate();
          }}
        >
          <label className="field">
            <span className="field__label">Key</span>
            <input
              className="input input--sm mono"
              value={key}
              onChange={(e) => setKey(e.target.value)}
              placeholder="qa_reviewer"
            />
          </label>
          <label className="field">
            <span className="field__label">Name</span>
            <input
              className="input input--sm"
              value={name}
              onChange={(e) => setName(e.target.value)}
              placeholder="QA reviewer"
            />
          </label>
          <label className="field">
            <span className="field__label">Permissions</span>
            <input
              className="input input--sm"
              value={permissions}
              onChange={(e) => setPermissions(e.target.value)}
              placeholder="conversations:read"
            />
          </label>
          <div className="form-actions" style={{ alignSelf: 'end' }}>
            <button
              type="submit"
              className="btn btn--sm"
              disabled={!key.trim() || !name.trim() || create.isPending}
            >
              Add role
            </button>
          </div>
        </form>
        {create.error ? <ErrorAlert error={create.error} title="Role not added" /> : null}
      </div>
    </section>
  );
}

function UserRow({ user, roles, isMe }: { user: Member; roles: Role[]; isMe: boolean }) {
  const api = useApi(usersApi);
  const client = useQueryClient();
  const toast = useToast();
  const { presence, presenceState, myStatus } = useRealtime();
  const refresh = () => void client.invalidateQueries({ queryKey: userKeys.all });
  const update = useMutation({
    mutationFn: (patch: { role?: string; is_active?: boolean }) => api.update(user.id, patch),
    onSuccess: refresh,
    onError: (e) => toast.error(e, 'Could not update the user'),
  });
  const remove = useMutation({
    mutationFn: () => api.remove(user.id),
    onSuccess: refresh,
    onError: (e) => toast.error(e, 'Could not remove'),
  });
  // From the snapshot sent when the socket connects, then live; unknown only until it arrives.
  const status = isMe ? myStatus : presence.get(user.id);
  const lastSeenAt = isMe ? null : (presenceState.agents.get(user.id)?.lastSeenAt ?? null);
  return (
    <tr>
      <td>
        <div style={{ display: 'flex', alignItems: 'center', gap: 10 }}>
          <Avatar name={user.name} id={user.id} />
          <div>
            <strong>{user.name}</strong>
            {isMe ? <span className="muted"> (you)</span> : null}
            <div className="muted small">{user.email}</div>
          </div>
        </div>
      </td>
      <td>
        {status ? (
          <span
            className="presence"
            style={{ textTransform: 'capitalize' }}
            title={
              status === 'offline' && lastSeenAt
                ? `Last seen ${new Date(lastSeenAt).toLocaleString()}`
                : undefined
            }
          >
            <span className={`presence-dot presence-dot--${status}`} /> {status}
          </span>
        ) : (
          <span className="muted small" title="Presence not received yet">
            —
          </span>
        )}
      </td>
      <td>
        <select
          className="select select--sm"
          aria-label={`Role of ${user.name}`}
          value={user.role}
          disabled={isMe || update.isPending}
          onChange={(e) => update.mutate({ role: e.target.value })}
        >
          {roles.some((r) => r.key === user.role) ? null : <option value={user.role}>{user.role}</option>}
          {roles.map((r) => (
            <option key={r.id} value={r.key}>
              {r.name}
            </option>
          ))}
        </select>
      </td>
      <td>
        <label className="switch">
          <input
            type="checkbox"
            checked={user.is_active}
            disabled={isMe}
            onChange={(e) => update.mutate({ is_active: e.target.checked })}
            aria-label={`${user.name} active`}
          />
        </label>
      </td>
      <td>
        <div className="table__actions">
          <button
            type="button"
            className="btn btn--sm btn--ghost btn--icon btn--danger"
            aria-label={`Remove ${user.name} from the account`}
            disabled={isMe}
            onClick={() => {
              if (window.confirm(`Remove ${user.name} from this account?`)) remove.mutate();
            }}
          >
            <Icon name="trash" size={15} />
          </button>
        </div>
      </td>
    </tr>
  );
}

/** `/admin/users`: the account's users, their roles, and the roles themselves. */
export function UsersAdmin() {
  const api = useApi(usersApi);
  const me = useCurrentUser();
  const users = useMembers();
  const roles = useQuery({ queryKey: userKeys.roles, queryFn: api.roles, select: (p) => p.data });
  const [adding, setAdding] = useState(false);
  return (
    <div className="page">
      <header className="page__header">
        <div>
          <h1>Users & roles</h1>
          <p className="muted">Who works in {me.account?.name ?? 'this account'}, and what they may do.</p>
        </div>
        <button type="button" className="btn btn--primary" onClick={() => setAdding(true)}>
          <Icon name="plus" size={15} /> Add user
        </button>
      </header>
      <div className="page__body">
        {users.isLoading ? (
          <Loading />
        ) : users.isError ? (
          <ErrorAlert error={users.error} title="Could not load users" onRetry={() => void users.refetch()} />
        ) : (
          <div className="card table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th>User</th>
                  <th>Presence</th>
                  <th>Role</th>
                  <th>Active</th>
                  <th>
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {users.data?.map((u) => (
                  <UserRow key={u.id} user={u} roles={roles.data ?? []} isMe={u.id === me.id} />
                ))}
              </tbody>
            </table>
          </div>
        )}
        <RolesCard />
      </div>
      {adding ? <AddUserDialog roles={roles.data ?? []} onClose={() => setAdding(false)} /> : null}
    </div>
  );
}
