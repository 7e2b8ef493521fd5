import type { Message, MessageAttachment, MessageStatus } from '@turumba/contracts';
import { memo } from 'react';
import { fullTime, messageTime } from '../../lib/time';
import { Icon, type IconName } from '../../ui/icons';
import { failureReason } from './message-merge';

export type MessageKind = 'contact' | 'agent' | 'bot' | 'system' | 'note';

/** How a message is drawn: activity lines, then notes (whoever wrote them), then by sender. */
export function messageKind(m: Pick<Message, 'is_private' | 'sender_type' | 'direction'>): MessageKind {
  // Activity lines are system messages (some stored as private): never drawn as notes.
  if (m.direction === 'system' || m.sender_type === 'system') return 'system';
  if (m.is_private) return 'note';
  if (m.sender_type === 'bot') return 'bot';
  if (m.sender_type === 'contact' || m.direction === 'inbound') return 'contact';
  return 'agent';
}

const statusLook: Record<MessageStatus, { icon: IconName; label: string }> = {
  queued: { icon: 'clock', label: 'Queued' },
  sending: { icon: 'clock', label: 'Sending' },
  sent: { icon: 'check', label: 'Sent' },
  delivered: { icon: 'checks', label: 'Delivered' },
  read: { icon: 'checks', label: 'Read' },
  failed: { icon: 'alert', label: 'Failed' },
};

function DeliveryStatus({ message }: { message: Message }) {
  const look = statusLook[message.status];
  const reason = failureReason(message);
  return (
    <span className={`delivery delivery--${message.status}`} title={reason ?? look.label}>
      <Icon name={look.icon} size={13} strokeWidth={2.4} />
      <span className={message.status === 'failed' ? '' : 'visually-hidden'}>{look.label}</span>
    </span>
  );
}

function Attachment({ attachment: a }: { attachment: MessageAttachment }) {
  if (a.type === 'image' && a.url) {
    return (
      <a className="attachment attachment--image" href={a.url} target="_blank" rel="noreferrer noopener">
        <img src={a.url} alt={a.caption ?? a.file_name ?? 'Image'} loading="lazy" />
      </a>
    );
  }
  if (a.type === 'location' && a.latitude !== undefined && a.longitude !== undefined) {
    const href = `https://www.openstreetmap.org/?mlat=${a.latitude}&mlon=${a.longitude}#map=16/${a.latitude}/${a.longitude}`;
    return (
      <a className="attachment" href={href} target="_blank" rel="noreferrer noopener">
        <Icon name="mapPin" size={16} />
        <span>
          Location {a.latitude.toFixed(4)}, {a.longitude.toFixed(4)}
        </span>
      </a>
    );
  }
  const label = a.file_name ?? `${a.type}${a.mime_type ? ` (${a.mime_type})` : ''}`;
  const size = a.size ? ` · ${Math.max(1, Math.round(a.size / 1024))} KB` : '';
  const body = (
    <>
      <Icon name={a.type === 'document' ? 'file' : 'paperclip'} size={16} />
      <span className="attachment__name">{label}</span>
      <span className="muted small">{size}</span>
    </>
  );
  return a.url ? (
    <a className="attachment" href={a.url} target="_blank" rel="noreferrer noopener">
      {body}
    </a>
  ) : (
    <span className="attachment" title="Stored by the provider">
      {body}
    </span>
  );
}

function MessageItemView({
  message: m,
  now,
  authorName,
  systemText,
}: {
  message: Message;
  now: number;
  authorName: string | null;
  /** The activity line in words, when it is one. */
  systemText?: string | null;
}) {
  const kind = messageKind(m);
  if (kind === 'system') {
    return (
      <li className="msg msg--system" data-message-id={m.id}>
        <span>{systemText ?? m.content}</span>
        <time dateTime={m.created_at}> · {messageTime(m.created_at, now)}</time>
      </li>
    );
  }
  const reason = failureReason(m);
  const author =
    kind === 'note'
      ? `Private note${authorName ? ` · ${authorName}` : ''}`
      : kind === 'bot'
        ? 'Bot'
        : kind === 'agent'
          ? authorName
          : null;
  return (
    <li
      className={`msg msg--${kind}${m.status === 'failed' ? ' msg--failed' : ''}`}
      data-message-id={m.id}
      data-kind={kind}
    >
      <div className="msg__bubble">
        {author ? (
          <div className="msg__author">
            {kind === 'note' ? (
              <Icon name="lock" size={12} />
            ) : kind === 'bot' ? (
              <Icon name="bot" size={13} />
            ) : null}
            {author}
          </div>
        ) : null}
        {m.content ? <div className="msg__text">{m.content}</div> : null}
        {m.attachments.length > 0 ? (
          <div className="msg__attachments">
            {m.attachments.map((a, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: attachments have no id and never reorder
              <Attachment key={i} attachment={a} />
            ))}
          </div>
        ) : null}
      </div>
      <div className="msg__meta">
        <time dateTime={m.created_at} title={fullTime(m.created_at)}>
          {messageTime(m.created_at, now)}
        </time>
        {kind === 'agent' || kind === 'bot' ? <DeliveryStatus message={m} /> : null}
      </div>
      {reason ? (
        <div className="msg__error" role="note">
          Not delivered: {reason}
        </div>
      ) : null}
    </li>
  );
}

export const MessageItem = memo(MessageItemView);
