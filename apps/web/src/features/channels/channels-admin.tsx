import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ChannelType } from '@turumba/contracts';
import { type FormEvent, useState } from 'react';
import { ApiError } from '../../lib/api-error';
import { fullTime } from '../../lib/time';
import { ChannelIcon, channelLabels } from '../../ui/channel-icon';
import { CopyButton } from '../../ui/copy-button';
import { Dialog } from '../../ui/dialog';
import { Icon } from '../../ui/icons';
import { EmptyState, ErrorAlert, Loading } from '../../ui/states';
import { useToast } from '../../ui/toast';
import { useApi } from '../auth/auth-context';
import { type Channel, channelKeys, channelsApi, type Verification } from './api';
import { buildCredentials, credentialFields, missingCredentials } from './credential-fields';

const types = Object.keys(credentialFields) as ChannelType[];

const statusText: Record<Channel['status'], string> = {
  connected: 'Connected',
  disconnected: 'Not verified',
  rate_limited: 'Rate limited',
  error: 'Error',
  disabled: 'Disabled',
};

export function widgetSnippet(channelId: string): string {
  return `<script src="${window.location.origin}/widget.js" data-channel-id="${channelId}" async></script>`;
}

function ChannelDialog({
  channel,
  onClose,
}: {
  channel: Channel | null;
  onClose: (saved?: Channel) => void;
}) {
  const api = useApi(channelsApi);
  const client = useQueryClient();
  const [type, setType] = useState<ChannelType>(channel?.channel_type ?? 'telegram');
  const [name, setName] = useState(channel?.name ?? '');
  const [values, setValues] = useState<Record<string, string>>({});
  const [enabled, setEnabled] = useState(channel?.is_enabled ?? true);
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: async () => {
      const credentials = buildCredentials(type, values);
      if (channel) {
        return api.update(channel.id, {
          name: name.trim(),
          is_enabled: enabled,
          ...(Object.keys(credentials).length > (type === 'sms' ? 1 : 0) ? { credentials } : {}),
        });
      }
      return api.create({ channel_type: type, name: name.trim(), credentials, is_enabled: enabled });
    },
    onSuccess: (saved) => {
      void client.invalidateQueries({ queryKey: channelKeys.all });
      onClose(saved);
    },
  });
  const serverErrors = save.error instanceof ApiError ? save.error.fieldErrors : {};
  const errorOf = (field: string) =>
    localErrors[field] ?? serverErrors[`credentials.${field}`] ?? serverErrors[field];

  function submit(event: FormEvent) {
    event.preventDefault();
    const missing = channel ? {} : missingCredentials(type, values);
    if (!name.trim()) missing.name = 'Required';
    setLocalErrors(missing);
    if (Object.keys(missing).length === 0) save.mutate();
  }

  return (
    <Dialog
      title={channel ? `Edit ${channel.name}` : 'Connect a channel'}
      onClose={() => onClose()}
      wide
      footer={
        <>
          <button type="button" className="btn" onClick={() => onClose()}>
            Cancel
          </button>
          <button type="submit" form="channel-form" className="btn btn--primary" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : channel ? 'Save' : 'Create channel'}
          </button>
        </>
      }
    >
      <form id="channel-form" onSubmit={submit} className="prefs-form" noValidate>
        {!channel ? (
          <fieldset className="prefs-group">
            <legend>Channel type</legend>
            <div className="type-tiles">
              {types.map((t) => (
                <label key={t} className="type-tile">
                  <input
                    type="radio"
                    name="channel_type"
                    value={t}
                    className="visually-hidden"
                    checked={type === t}
                    onChange={() => {
                      setType(t);
                      setValues({});
                      setLocalErrors({});
                    }}
                  />
                  <ChannelIcon type={t} size={26} />
                  <span>{channelLabels[t]}</span>
                </label>
              ))}
            </div>
          </fieldset>
        ) : null}
        <label className="field">
          <span className="field__label">Name</span>
          <input
            className="input"
            name="name"
            value={name}
            data-autofocus={channel ? true : undefined}
            placeholder={`${channelLabels[type]} support`}
            onChange={(e) => setName(e.target.value)}
            aria-invalid={!!errorOf('name')}
          />
          {errorOf('name') ? <span className="field__error">{errorOf('name')}</span> : null}
        </label>
        {credentialFields[type].length === 0 ? (
          <div className="alert alert--info">
            <div className="alert__body">
              The web chat widget needs no credentials: a session secret is generated for it. After creating
              it, copy the embed snippet onto your site.
            </div>
          </div>
        ) : (
          <fieldset className="prefs-group">
            <legend>Credentials</legend>
            {channel ? (
              <p className="field__hint">
                Stored credentials are never shown. Fill in only what you want to replace; blank fields keep
                their value.
              </p>
            ) : null}
            <div className="form-grid">
              {credentialFields[type].map((field) => (
                <label key={field.name} className="field">
                  <span className="field__label">
                    {field.label}
                    {field.required && !channel ? ' *' : ''}
                    {channel?.credentials_set.includes(field.name) ? (
                      <span className="muted small"> · set</span>
                    ) : null}
                  </span>
                  <input
                    className="input"
                    name={field.name}
                    type={
                      field.kind === 'secret' ? 'password' : field.kind === 'number' ? 'number' : field.kind
                    }
                    autoComplete="off"
                    placeholder={field.placeholder}
                    value={values[field.name] ?? ''}
                    onChange={(e) => setValues((v) => ({ ...v, [field.name]: e.target.value }))}
                    aria-invalid={!!errorOf(field.name)}
                  />
                  {field.hint ? <span className="field__hint">{field.hint}</span> : null}
                  {errorOf(field.name) ? <span className="field__error">{errorOf(field.name)}</span> : null}
                </label>
              ))}
            </div>
          </fieldset>
        )}
        <label className="switch">
          <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
          Enabled
        </label>
        {save.error ? <ErrorAlert error={save.error} title="Not saved" /> : null}
      </form>
    </Dialog>
  );
}

function VerificationNote({ result }: { result: Verification | undefined }) {
  if (!result) return null;
  return (
    <div className={`alert ${result.ok ? 'alert--success' : 'alert--error'}`} role="status">
      <Icon name={result.ok ? 'check' : 'alert'} size={16} />
      <span className="alert__body">
        {result.ok
          ? 'Credentials verified with the provider.'
          : `Verification failed: ${result.reason ?? 'unknown reason'}`}
      </span>
    </div>
  );
}

function ChannelRow({ channel, onEdit }: { channel: Channel; onEdit: () => void }) {
  const api = useApi(channelsApi);
  const client = useQueryClient();
  const toast = useToast();
  const [verification, setVerification] = useState<Verification>();
  const refresh = () => void client.invalidateQueries({ queryKey: channelKeys.all });
  const verify = useMutation({
    mutationFn: () => api.verify(channel.id),
    onSuccess: (result) => {
      setVerification(
        result.verification ?? { ok: result.status === 'connected', reason: result.last_error ?? undefined },
      );
      refresh();
    },
    onError: (err) => toast.error(err, 'Verification failed'),
  });
  const toggle = useMutation({
    mutationFn: (isEnabled: boolean) => api.update(channel.id, { is_enabled: isEnabled }),
    onSuccess: refresh,
    onError: (err) => toast.error(err, 'Could not change the channel'),
  });
  const remove = useMutation({
    mutationFn: () => api.remove(channel.id),
    onSuccess: refresh,
    onError: (err) => toast.error(err, 'Could not delete the channel'),
  });
  return (
    <>
      <tr>
        <td>
          <div style={{ display: 'flex', alignItems: 'center', gap: 10 }}>
            <ChannelIcon type={channel.channel_type} size={28} />
            <div>
              <strong>{channel.name}</strong>
              <div className="muted small">{channelLabels[channel.channel_type]}</div>
            </div>
          </div>
        </td>
        <td>
          <span
            className={`status-pill status-pill--${channel.status}`}
            title={channel.last_error ?? undefined}
          >
            {statusText[channel.status] ?? channel.status}
          </span>
          {channel.verified_at ? (
            <div className="muted small">Verified {fullTime(channel.verified_at)}</div>
          ) : null}
        </td>
        <td>
          {channel.channel_type === 'webchat' ? (
            <div className="copy-field">
              <code title={widgetSnippet(channel.id)}>widget.js · {channel.id.slice(0, 8)}</code>
              <CopyButton text={widgetSnippet(channel.id)} label="Copy snippet" />
              <a
                className="btn btn--sm btn--ghost"
                href={`/widget/${channel.id}`}
                target="_blank"
                rel="noreferrer"
              >
                Open
              </a>
            </div>
          ) : (
            <div className="copy-field">
              <code title={channel.webhook_url}>{channel.webhook_url}</code>
              <CopyButton text={channel.webhook_url} />
            </div>
          )}
        </td>
        <td>
          <label className="switch">
            <input
              type="checkbox"
              checked={channel.is_enabled}
              disabled={toggle.isPending}
              onChange={(e) => toggle.mutate(e.target.checked)}
              aria-label={`${channel.is_enabled ? 'Disable' : 'Enable'} ${channel.name}`}
            />
          </label>
        </td>
        <td>
          <div className="table__actions">
            <button
              type="button"
              className="btn btn--sm"
              disabled={verify.isPending}
              onClick={() => verify.mutate()}
            >
              {verify.isPending ? 'Verifying…' : 'Verify'}
            </button>
            <button
              type="button"
              className="btn btn--sm btn--ghost btn--icon"
              aria-label={`Edit ${channel.name}`}
              onClick={onEdit}
            >
              <Icon name="edit" size={15} />
            </button>
            <button
              type="button"
              className="btn btn--sm btn--ghost btn--icon btn--danger"
              aria-label={`Delete ${channel.name}`}
              disabled={remove.isPending}
              onClick={() => {
                if (window.confirm(`Delete the channel “${channel.name}”? Its webhooks stop working.`))
                  remove.mutate();
              }}
            >
              <Icon name="trash" size={15} />
            </button>
          </div>
        </td>
      </tr>
      {verification ? (
        <tr>
          <td colSpan={5}>
            <VerificationNote result={verification} />
          </td>
        </tr>
      ) : null}
    </>
  );
}

/** `/admin/channels`: connect providers, copy webhook URLs and the widget snippet, verify, enable. */
export function ChannelsAdmin() {
  const api = useApi(channelsApi);
  const channels = useQuery({ queryKey: channelKeys.all, queryFn: api.list });
  const [editing, setEditing] = useState<Channel | 'new' | null>(null);
  const [created, setCreated] = useState<Channel | null>(null);
  return (
    <div className="page">
      <header className="page__header">
        <div>
          <h1>Channels</h1>
          <p className="muted">
            Where customers reach you. Each provider sends its webhooks to the URL shown here.
          </p>
        </div>
        <button type="button" className="btn btn--primary" onClick={() => setEditing('new')}>
          <Icon name="plus" size={15} /> Add channel
        </button>
      </header>
      <div className="page__body">
        {created ? (
          <div className="alert alert--success" role="status">
            <Icon name="check" size={16} />
            <div className="alert__body">
              <p className="alert__title">{created.name} is ready</p>
              {created.channel_type === 'webchat' ? (
                <>
                  <p>Paste this snippet before &lt;/body&gt; on your site:</p>
                  <div className="copy-field">
                    <code>{widgetSnippet(created.id)}</code>
                    <CopyButton text={widgetSnippet(created.id)} />
                  </div>
                </>
              ) : (
                <>
                  <p>Point the provider’s webhook at:</p>
                  <div className="copy-field">
                    <code>{created.webhook_url}</code>
                    <CopyButton text={created.webhook_url} />
                  </div>
                </>
              )}
            </div>
            <button
              type="button"
              className="btn btn--sm btn--ghost"
              aria-label="Dismiss"
              onClick={() => setCreated(null)}
            >
              <Icon name="x" size={14} />
            </button>
          </div>
        ) : null}
        {channels.isLoading ? (
          <Loading />
        ) : channels.isError ? (
          <ErrorAlert
            error={channels.error}
            title="Could not load channels"
            onRetry={() => void channels.refetch()}
          />
        ) : channels.data?.data.length === 0 ? (
          <div className="card">
            <EmptyState icon="plug" title="No channels yet">
              Connect Telegram, WhatsApp, Messenger, SMS, email or the web chat widget.
            </EmptyState>
          </div>
        ) : (
          <div className="card table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th>Channel</th>
                  <th>Status</th>
                  <th>Webhook / embed</th>
                  <th>Enabled</th>
                  <th>
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {channels.data?.data.map((c) => (
                  <ChannelRow key={c.id} channel={c} onEdit={() => setEditing(c)} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
      {editing ? (
        <ChannelDialog
          channel={editing === 'new' ? null : editing}
          onClose={(saved) => {
            if (saved && editing === 'new') setCreated(saved);
            setEditing(null);
          }}
        />
      ) : null}
    </div>
  );
}
