import type { ConversationPriority, ConversationStatus } from '@turumba/contracts';
import { memo } from 'react';
import { Link } from '../../lib/router';
import { shortAge } from '../../lib/time';
import { Avatar } from '../../ui/avatar';
import { ChannelIcon } from '../../ui/channel-icon';
import type { InboxConversation } from './api';

export const priorityLabels: Record<ConversationPriority, string> = {
  low: 'Low',
  normal: 'Normal',
  high: 'High',
  urgent: 'Urgent',
};

export const statusLabels: Record<ConversationStatus, string> = {
  open: 'Open',
  bot: 'With bot',
  assigned: 'Assigned',
  pending: 'Pending',
  resolved: 'Resolved',
  closed: 'Closed',
};

export const statusBadge: Record<ConversationStatus, string> = {
  open: 'badge--primary',
  bot: 'badge--bot',
  assigned: 'badge--primary',
  pending: 'badge--warning',
  resolved: 'badge--success',
  closed: '',
};

/** Who the conversation is with: the name, else the identity (a web visitor's id is shortened). */
export function contactLabel(
  c: Pick<InboxConversation, 'contact_name' | 'contact_identifier' | 'channel_type'>,
): string {
  if (c.contact_name) return c.contact_name;
  if (c.channel_type === 'webchat') return `Visitor ${c.contact_identifier.slice(0, 6).toUpperCase()}`;
  return c.contact_identifier || 'Unknown contact';
}

function ConversationRowView({
  conversation: c,
  href,
  isSelected,
  now,
  showStatus,
}: {
  conversation: InboxConversation;
  href: string;
  isSelected: boolean;
  now: number;
  showStatus: boolean;
}) {
  // The open conversation is being read: no badge, whatever a list fetched in flight said.
  const unread = isSelected ? 0 : (c.unread_count ?? 0);
  const name = contactLabel(c);
  return (
    <li>
      <Link
        to={href}
        className={`conv-row${unread > 0 ? ' conv-row--unread' : ''}`}
        aria-current={isSelected ? 'true' : undefined}
        data-conversation-id={c.id}
        aria-label={`${name}${unread > 0 ? `, ${unread} unread` : ''}`}
      >
        <span className="conv-row__avatar">
          <Avatar name={name} id={c.contact_id ?? c.id} />
          <span className="conv-row__channel">
            <ChannelIcon type={c.channel_type} size={16} />
          </span>
        </span>
        <span className="conv-row__body">
          <span className="conv-row__top">
            <span className="conv-row__name">{name}</span>
            <time
              className="conv-row__time"
              dateTime={c.last_message_at}
              title={new Date(c.last_message_at).toLocaleString()}
            >
              {shortAge(c.last_message_at, now)}
            </time>
          </span>
          <span className="conv-row__middle">
            <span className="conv-row__preview">
              {c.last_message_preview || c.subject || 'No messages yet'}
            </span>
            {unread > 0 ? <span className="badge badge--count">{unread > 99 ? '99+' : unread}</span> : null}
          </span>
          <span className="conv-row__meta">
            <span className="conv-row__id">#{c.display_id}</span>
            {showStatus ? (
              <span className={`badge ${statusBadge[c.status]}`}>{statusLabels[c.status]}</span>
            ) : null}
            {c.priority !== 'normal' ? (
              <span className={`priority priority--${c.priority}`}>{priorityLabels[c.priority]}</span>
            ) : null}
            {c.labels.slice(0, 3).map((label) => (
              <span key={label} className="chip chip--xs">
                {label}
              </span>
            ))}
            {c.labels.length > 3 ? <span className="muted small">+{c.labels.length - 3}</span> : null}
          </span>
        </span>
      </Link>
    </li>
  );
}

export const ConversationRow = memo(ConversationRowView);
