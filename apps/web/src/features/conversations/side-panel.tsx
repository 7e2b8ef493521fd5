import { useQuery } from '@tanstack/react-query';
import type { ConversationPriority } from '@turumba/contracts';
import { type FormEvent, type ReactNode, useEffect, useState } from 'react';
import { ApiError } from '../../lib/api-error';
import { Link } from '../../lib/router';
import { fullTime, shortAge } from '../../lib/time';
import { useNow } from '../../lib/use-now';
import { Avatar } from '../../ui/avatar';
import { ChannelIcon, channelLabels } from '../../ui/channel-icon';
import { Icon } from '../../ui/icons';
import { ErrorAlert, Spinner } from '../../ui/states';
import { useApi, useCurrentUser } from '../auth/auth-context';
import { contactsApi } from '../contacts/api';
import { useRealtime } from '../realtime/realtime-context';
import { useTeams } from '../teams/use-teams';
import { StatusActions } from '../thread/status-actions';
import { useMemberNames, useTeammates } from '../users/use-members';
import { type ContactIdentifier, type ConversationDetail, conversationsApi } from './api';
import { describeBotContext } from './bot-context';
import { contactLabel, priorityLabels, statusBadge, statusLabels } from './conversation-row';
import { inboxKeys } from './queries';
import { useConversationActions } from './use-conversation-actions';

function Section({
  title,
  children,
  defaultOpen = true,
}: {
  title: string;
  children: ReactNode;
  defaultOpen?: boolean;
}) {
  return (
    <details className="panel-section" open={defaultOpen}>
      <summary>
        <span>{title}</span>
        <Icon name="chevronDown" size={14} />
      </summary>
      <div className="panel-section__body">{children}</div>
    </details>
  );
}

function ContactCard({ conversation }: { conversation: ConversationDetail }) {
  const contacts = useApi(contactsApi);
  const contactId = conversation.contact_id;
  const contact = useQuery({
    queryKey: ['contact', contactId],
    enabled: !!contactId,
    queryFn: () => contacts.get(contactId!),
    retry: false,
  });
  const identifiers = useQuery({
    queryKey: ['contact', contactId, 'identifiers'],
    enabled: !!contactId && !conversation.contact_identifiers,
    queryFn: () => contacts.identifiers(contactId!),
    retry: false,
    select: (page) => page.data,
  });
  const identities: ContactIdentifier[] = conversation.contact_identifiers ??
    identifiers.data ?? [
      {
        id: 'current',
        contact_id: contactId ?? '',
        channel_type: conversation.channel_type,
        identifier: conversation.contact_identifier,
        display_name: conversation.contact_name,
      },
    ];
  const name = contact.data?.name ?? contactLabel(conversation);
  return (
    <div className="contact-card">
      <div className="contact-card__head">
        <Avatar name={name} id={contactId ?? conversation.id} size="lg" />
        <div style={{ minWidth: 0 }}>
          <h2 className="contact-card__name">{name}</h2>
          {contact.data?.email ? <div className="muted small ellipsis">{contact.data.email}</div> : null}
          {contact.data?.phone ? <div className="muted small">{contact.data.phone}</div> : null}
        </div>
      </div>
      {contact.isError && !(contact.error instanceof ApiError && contact.error.status === 404) ? (
        <ErrorAlert error={contact.error} title="Contact details unavailable" />
      ) : null}
      <ul className="identity-list" aria-label="Channel identities">
        {identities.map((identity) => (
          <li key={identity.id}>
            <ChannelIcon type={identity.channel_type} size={18} />
            <span className="identity-list__text">
              <span className="small">{channelLabels[identity.channel_type] ?? identity.channel_type}</span>
              <span className="mono ellipsis" title={identity.identifier}>
                {identity.display_name && identity.display_name !== identity.identifier
                  ? `${identity.display_name} · ${identity.identifier}`
                  : identity.identifier}
              </span>
            </span>
          </li>
        ))}
      </ul>
      {contact.data?.labels.length ? (
        <div className="chips">
          {contact.data.labels.map((l) => (
            <span key={l} className="chip">
              {l}
            </span>
          ))}
        </div>
      ) : null}
    </div>
  );
}

function LabelsEditor({
  labels,
  onChange,
  disabled,
}: {
  labels: string[];
  onChange: (l: string[]) => void;
  disabled: boolean;
}) {
  const [draft, setDraft] = useState('');
  const add = (event: FormEvent) => {
    event.preventDefault();
    const value = draft.trim().toLowerCase();
    if (value && !labels.includes(value)) onChange([...labels, value]);
    setDraft('');
  };
  return (
    <div className="labels-editor">
      <div className="chips">
        {labels.length === 0 ? <span className="muted small">No labels</span> : null}
        {labels.map((label) => (
          <span key={label} className="chip">
            <Icon name="tag" size={11} />
            {label}
            <button
              type="button"
              aria-label={`Remove label ${label}`}
              disabled={disabled}
              onClick={() => onChange(labels.filter((l) => l !== label))}
            >
              <Icon name="x" size={11} />
            </button>
          </span>
        ))}
      </div>
      <form onSubmit={add} className="inline-form">
        <input
          className="input input--sm"
          placeholder="Add a label"
          aria-label="Add a label"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
        />
        <button type="submit" className="btn btn--sm" disabled={!draft.trim() || disabled}>
          Add
        </button>
      </form>
    </div>
  );
}

function SubjectEditor({
  subject,
  onSave,
  disabled,
}: {
  subject: string | null;
  onSave: (s: string | null) => void;
  disabled: boolean;
}) {
  const [value, setValue] = useState(subject ?? '');
  useEffect(() => setValue(subject ?? ''), [subject]);
  const save = () => {
    const next = value.trim() || null;
    if (next !== subject) onSave(next);
  };
  return (
    <input
      className="input input--sm"
      aria-label="Subject"
      placeholder="Add a subject"
      value={value}
      disabled={disabled}
      onChange={(e) => setValue(e.target.value)}
      onBlur={save}
      onKeyDown={(e) => {
        if (e.key === 'Enter') (e.target as HTMLInputElement).blur();
      }}
    />
  );
}

function Properties({ conversation: c }: { conversation: ConversationDetail }) {
  const { update, assign, isBusy } = useConversationActions(c.id);
  const teammates = useTeammates();
  const nameOf = useMemberNames();
  const teams = useTeams();
  const { presence } = useRealtime();
  const me = useCurrentUser();
  // Until the directory answers, agents can still take the conversation themselves.
  const people = teammates.data?.length
    ? teammates.data.filter((m) => m.is_active)
    : [{ id: me.id, name: me.name }];
  return (
    <div className="props">
      <label className="field">
        <span className="field__label">Assignee</span>
        <select
          className="select select--sm"
          value={c.assignee_id ?? ''}
          disabled={isBusy}
          onChange={(e) => assign.mutate({ assignee_id: e.target.value || null })}
        >
          <option value="">Unassigned</option>
          {c.assignee_id && !people.some((m) => m.id === c.assignee_id) ? (
            <option value={c.assignee_id}>{nameOf(c.assignee_id)}</option>
          ) : null}
          {people.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
              {m.id === me.id ? ' (me)' : ''}
              {presence.get(m.id) ? ` · ${presence.get(m.id)}` : ''}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span className="field__label">Team</span>
        <select
          className="select select--sm"
          value={c.team_id ?? ''}
          disabled={isBusy}
          onChange={(e) => assign.mutate({ team_id: e.target.value || null })}
        >
          <option value="">No team</option>
          {(teams.data ?? []).map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </select>
        {teams.isError ? <span className="field__error">Teams could not be loaded.</span> : null}
      </label>
      <label className="field">
        <span className="field__label">Priority</span>
        <select
          className="select select--sm"
          value={c.priority}
          disabled={isBusy}
          onChange={(e) => update.mutate({ priority: e.target.value as ConversationPriority })}
        >
          {Object.entries(priorityLabels).map(([id, label]) => (
            <option key={id} value={id}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <div className="field">
        <span className="field__label">Subject</span>
        <SubjectEditor
          subject={c.subject}
          disabled={isBusy}
          onSave={(subject) => update.mutate({ subject })}
        />
      </div>
      <div className="field">
        <span className="field__label">Labels</span>
        <LabelsEditor labels={c.labels} disabled={isBusy} onChange={(labels) => update.mutate({ labels })} />
      </div>
    </div>
  );
}

function PastConversations({ conversation }: { conversation: ConversationDetail }) {
  const api = useApi(conversationsApi);
  const now = useNow();
  const contactId = conversation.contact_id;
  const past = useQuery({
    queryKey: inboxKeys.ofContact(contactId ?? ''),
    enabled: !!contactId,
    queryFn: () => api.ofContact(contactId!),
    select: (page) => page.data.filter((c) => c.id !== conversation.id),
  });
  if (!contactId) return <p className="muted small">This conversation has no contact yet.</p>;
  if (past.isLoading) return <Spinner />;
  if (past.isError) return <ErrorAlert error={past.error} />;
  if (!past.data?.length) return <p className="muted small">No other conversations with this contact.</p>;
  return (
    <ul className="past-list">
      {past.data.map((c) => (
        <li key={c.id}>
          <Link to={`/inbox/${c.id}`} className="past-list__item">
            <ChannelIcon type={c.channel_type} size={16} />
            <span className="past-list__text">
              <span className="ellipsis">{c.last_message_preview || c.subject || `#${c.display_id}`}</span>
              <span className="muted small">
                #{c.display_id} · {shortAge(c.last_message_at, now)}
              </span>
            </span>
            <span className={`badge ${statusBadge[c.status]}`}>{statusLabels[c.status]}</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}

function AssignmentHistory({ conversationId }: { conversationId: string }) {
  const api = useApi(conversationsApi);
  const nameOf = useMemberNames();
  const teams = useTeams();
  const history = useQuery({
    queryKey: inboxKeys.assignments(conversationId),
    queryFn: () => api.assignments(conversationId),
    select: (page) => [...page.data].sort((a, b) => Date.parse(b.started_at) - Date.parse(a.started_at)),
  });
  if (history.isLoading) return <Spinner />;
  if (history.isError) return <ErrorAlert error={history.error} />;
  if (!history.data?.length) return <p className="muted small">Never assigned.</p>;
  const teamName = (id: string | null) => teams.data?.find((t) => t.id === id)?.name ?? 'a team';
  return (
    <ol className="timeline">
      {history.data.map((a) => (
        <li key={a.id} className={a.ended_at ? '' : 'timeline__current'}>
          <div>
            <strong>{a.assignee_id ? nameOf(a.assignee_id) : 'Unassigned'}</strong>
            {a.team_id ? <span className="muted"> · {teamName(a.team_id)}</span> : null}
          </div>
          <div className="muted small">
            {a.reason === 'manual'
              ? `by ${a.assigned_by ? nameOf(a.assigned_by) : 'an agent'}`
              : a.reason === 'bot'
                ? 'by a bot rule'
                : 'automatically'}
            {' · '}
            <time dateTime={a.started_at} title={fullTime(a.started_at)}>
              {new Date(a.started_at).toLocaleString()}
            </time>
            {a.ended_at ? ' · ended' : ' · current'}
          </div>
        </li>
      ))}
    </ol>
  );
}

function BotContext({ context }: { context: Record<string, unknown> | null }) {
  const nameOf = useMemberNames();
  const teams = useTeams();
  const lines = describeBotContext(context, {
    user: (id) => nameOf(id),
    team: (id) => teams.data?.find((t) => t.id === id)?.name ?? 'a team',
  });
  if (lines.length === 0) return <p className="muted small">The bot collected nothing.</p>;
  return (
    <dl className="kv">
      {lines.map(({ label, value }) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The right column: who the customer is, what state the conversation is in, and its history. */
export function SidePanel({
  conversation,
  onClose,
}: {
  conversation: ConversationDetail;
  onClose: () => void;
}) {
  return (
    <aside className="side-panel" aria-label="Conversation details">
      <div className="side-panel__close">
        <button
          type="button"
          className="btn btn--ghost btn--icon"
          onClick={onClose}
          aria-label="Close details"
        >
          <Icon name="x" />
        </button>
      </div>
      <ContactCard conversation={conversation} />
      <Section title="Actions">
        <StatusActions conversation={conversation} />
      </Section>
      <Section title="Conversation">
        <Properties conversation={conversation} />
      </Section>
      <Section title="Previous conversations">
        <PastConversations conversation={conversation} />
      </Section>
      <Section title="Assignment history" defaultOpen={false}>
        <AssignmentHistory conversationId={conversation.id} />
      </Section>
      <Section title="Bot context" defaultOpen={!!conversation.bot_context}>
        <BotContext context={conversation.bot_context} />
      </Section>
    </aside>
  );
}
