import {
  type AttachmentType,
  buildReplyHeaders,
  type OutboundAttachment,
  type OutboundMessage,
  type OutboundTemplate,
} from '../channels/adapters';
import type { MessageAttachment } from '../messages/tables';

const attachmentTypes = new Set<AttachmentType>([
  'image',
  'video',
  'audio',
  'voice',
  'document',
  'location',
  'sticker',
  'other',
]);

/** The thread metadata the inbound worker keeps on an email (`metadata.email`). */
export interface EmailParent {
  message_id: string;
  in_reply_to?: string;
  references?: string[];
}

export interface OutboundSource {
  content: string;
  attachments: MessageAttachment[];
  metadata: Record<string, unknown>;
}

function toOutboundAttachment(attachment: MessageAttachment): OutboundAttachment | undefined {
  const type = attachmentTypes.has(attachment.type as AttachmentType)
    ? (attachment.type as AttachmentType)
    : 'document';
  if (type !== 'location' && !attachment.url) return undefined;
  return {
    type,
    url: attachment.url ?? '',
    mime_type: attachment.mime_type,
    file_name: attachment.file_name,
    latitude: attachment.latitude,
    longitude: attachment.longitude,
  };
}

/** A WhatsApp provider template travels in `metadata.template` ({name, language, components?}). */
function templateOf(metadata: Record<string, unknown>): OutboundTemplate | undefined {
  const template = metadata.template as Partial<OutboundTemplate> | undefined;
  if (!template || typeof template.name !== 'string' || typeof template.language !== 'string')
    return undefined;
  return { name: template.name, language: template.language, components: template.components };
}

function buttonsOf(metadata: Record<string, unknown>) {
  const buttons = (metadata.interactive as { buttons?: unknown } | undefined)?.buttons;
  if (!Array.isArray(buttons)) return undefined;
  const valid = buttons.filter(
    (b): b is { id: string; title: string } => typeof b?.id === 'string' && typeof b?.title === 'string',
  );
  return valid.length ? { buttons: valid } : undefined;
}

/**
 * What the adapter sends for a stored message (pure). Email replies get "Re: <subject>" and the
 * In-Reply-To/References of the customer's last email, so they land in the customer's thread.
 */
export function buildOutboundMessage(
  source: OutboundSource,
  extras: {
    replyToProviderMessageId?: string;
    email?: { subject: string | null; parent?: EmailParent; fromName?: string };
  },
): OutboundMessage {
  const attachments = source.attachments.map(toOutboundAttachment).filter((a) => a !== undefined);
  const message: OutboundMessage = {
    text: source.content || undefined,
    attachments: attachments.length ? attachments : undefined,
    template: templateOf(source.metadata),
    interactive: buttonsOf(source.metadata),
    reply_to_provider_message_id: extras.replyToProviderMessageId,
  };
  if (extras.email) {
    const subject = extras.email.subject?.trim() || 'Your message';
    const parent = extras.email.parent;
    const thread = parent ? buildReplyHeaders(parent) : undefined;
    message.email = {
      subject: parent && !/^re:/i.test(subject) ? `Re: ${subject}` : subject,
      in_reply_to: thread?.in_reply_to,
      references: thread?.references,
      from_name: extras.email.fromName,
    };
  }
  return message;
}
