import { type AddressObject, simpleParser } from 'mailparser';
import { InboundPayloadError } from '../errors';
import { sha256Hex } from '../shared/crypto';
import { parseFormData } from '../shared/form';
import type { InboundAttachment, InboundMessage, ParsedInbound } from '../types';
import { isMailgunForm } from './signature';
import { stripQuotedText } from './strip-quotes';
import { extractMessageIds } from './threading';

interface EmailParts {
  from?: { address: string; name?: string };
  replyTo?: string;
  to: string[];
  subject?: string;
  date?: Date;
  messageId?: string;
  inReplyTo?: string;
  references: string[];
  text: string;
  attachments: InboundAttachment[];
  rawType: string;
  extra?: Record<string, unknown>;
}

function attachmentType(mime: string): InboundAttachment['type'] {
  const major = mime.split('/')[0];
  return major === 'image' || major === 'video' || major === 'audio' ? major : 'document';
}

const addresses = (value: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(value) ? value : value ? [value] : []).flatMap((a) => a.value.map((v) => v.address ?? ''));

async function fromMime(raw: Buffer): Promise<EmailParts> {
  const mail = await simpleParser(raw);
  const from = mail.from?.value[0];
  return {
    from: from?.address ? { address: from.address, name: from.name || undefined } : undefined,
    replyTo: addresses(mail.replyTo)[0],
    to: addresses(mail.to),
    subject: mail.subject,
    date: mail.date,
    messageId: extractMessageIds(mail.messageId)[0],
    inReplyTo: extractMessageIds(mail.inReplyTo)[0],
    references: extractMessageIds(mail.references),
    text: stripQuotedText(mail.text ?? ''),
    // Parts referenced from the HTML (logos in signatures) are not attachments to the customer.
    attachments: mail.attachments
      .filter((a) => !a.related)
      .map((a) => ({
        type: attachmentType(a.contentType),
        mime_type: a.contentType,
        file_name: a.filename,
        size: a.size,
        content: a.content,
      })),
    rawType: 'mime',
  };
}

/** "Bob <bob@example.com>" → address and name (Mailgun gives the From header as a field). */
function parseAddress(value: string | undefined): EmailParts['from'] {
  if (!value) return undefined;
  const match = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(value);
  if (match) return { address: match[2]!.trim(), name: match[1]?.trim() || undefined };
  return { address: value.trim() };
}

async function fromMailgun(body: Buffer, contentType: string): Promise<EmailParts> {
  const form = await parseFormData(body, contentType);
  // Mailgun posts every MIME header as a field too, with the sender's capitalisation.
  const fields = new Map<string, string>();
  const files: File[] = [];
  for (const [key, value] of form.entries()) {
    if (typeof value === 'string') fields.set(key.toLowerCase(), value);
    else if (/^attachment-\d+$/.test(key)) files.push(value);
  }
  const mime = fields.get('body-mime');
  if (mime) return fromMime(Buffer.from(mime, 'utf8'));
  const attachments = await Promise.all(
    files.map(async (file) => ({
      type: attachmentType(file.type),
      mime_type: file.type || undefined,
      file_name: file.name,
      size: file.size,
      content: Buffer.from(await file.arrayBuffer()),
    })),
  );
  const date = fields.get('date')
    ? new Date(fields.get('date')!)
    : new Date(Number(fields.get('timestamp')) * 1000);
  return {
    from: parseAddress(fields.get('from')),
    replyTo: parseAddress(fields.get('reply-to'))?.address,
    to: fields.get('to') ? [parseAddress(fields.get('to'))!.address] : [],
    subject: fields.get('subject'),
    date: Number.isNaN(date.getTime()) ? undefined : date,
    messageId: extractMessageIds(fields.get('message-id'))[0],
    inReplyTo: extractMessageIds(fields.get('in-reply-to'))[0],
    references: extractMessageIds(fields.get('references')),
    // Mailgun's own quote-and-signature stripper is preferred when it ran.
    text: fields.get('stripped-text') ?? stripQuotedText(fields.get('body-plain') ?? ''),
    attachments,
    rawType: 'mailgun',
    extra: { recipient: fields.get('recipient'), envelope_sender: fields.get('sender') },
  };
}

function toMessage(parts: EmailParts, now: Date): InboundMessage | undefined {
  if (!parts.from) return undefined;
  const address = parts.from.address.toLowerCase();
  const timestamp = parts.date ?? now;
  // A missing Message-ID (broken senders) is replaced by a hash of what identifies the mail.
  const messageId =
    parts.messageId ??
    `<${sha256Hex([address, timestamp.toISOString(), parts.subject ?? '', parts.text].join('\n'))}@missing-message-id>`;
  return {
    provider_message_id: messageId,
    provider_event_id: messageId,
    sender: {
      identifier: address,
      display_name: parts.from.name,
      email: address,
      metadata: parts.replyTo ? { reply_to: parts.replyTo.toLowerCase() } : {},
    },
    text: parts.text,
    attachments: parts.attachments,
    timestamp,
    reply_to_provider_message_id: parts.inReplyTo,
    subject: parts.subject,
    thread: { message_id: messageId, in_reply_to: parts.inReplyTo, references: parts.references },
    raw_type: parts.rawType,
    metadata: { to: parts.to, ...parts.extra },
  };
}

/** Raw MIME (message/rfc822 or any non-form type) or a Mailgun route post (form fields or body-mime). */
export async function parseEmailInbound(
  body: Buffer,
  contentType: string,
  now: Date,
): Promise<ParsedInbound> {
  const parts = isMailgunForm(contentType) ? await fromMailgun(body, contentType) : await fromMime(body);
  const message = toMessage(parts, now);
  // Without a sender there is nobody to answer: the relay posted something that is not a mail.
  if (!message) throw new InboundPayloadError('email', 'no From address');
  return { messages: [message], statuses: [] };
}
