import { z } from 'zod';
import { permanent } from '../errors';
import type { OutboundAttachment, OutboundMessage } from '../types';

const HOUR = 60 * 60 * 1000;
/** Standard messaging window; after it only tagged messages may be sent. */
export const MESSENGER_WINDOW_MS = 24 * HOUR;
/** The HUMAN_AGENT tag lets a person answer for 7 days after the customer's last message. */
export const MESSENGER_HUMAN_AGENT_MS = 7 * 24 * HOUR;

const ATTACHMENT_TYPES: Partial<Record<OutboundAttachment['type'], string>> = {
  image: 'image',
  sticker: 'image',
  video: 'video',
  audio: 'audio',
  voice: 'audio',
  document: 'file',
  other: 'file',
};

function messageObject(message: OutboundMessage): Record<string, unknown> {
  if (message.template) throw permanent('unsupported_message', 'Messenger has no message templates');
  const attachments = message.attachments ?? [];
  // A Send API message carries either text or one attachment, never both.
  if (attachments.length > 1 || (attachments.length === 1 && message.text)) {
    throw permanent(
      'unsupported_message',
      'Messenger sends text or one attachment per message; split the message',
    );
  }
  const attachment = attachments[0];
  if (attachment) {
    const type = ATTACHMENT_TYPES[attachment.type];
    if (!type)
      throw permanent('unsupported_message', `Messenger cannot send a ${attachment.type} attachment`);
    return { attachment: { type, payload: { url: attachment.url, is_reusable: true } } };
  }
  if (!message.text) throw permanent('invalid_message', 'a Messenger message needs text or an attachment');
  const buttons = message.interactive?.buttons ?? [];
  if (!buttons.length) return { text: message.text };
  const quick_replies = buttons.map((b) => ({ content_type: 'text', title: b.title, payload: b.id }));
  return { text: message.text, quick_replies };
}

/**
 * The Send API body (pure). Inside 24 h of the customer's last message (or when we do not know)
 * it is a RESPONSE; up to 7 days it goes out with the HUMAN_AGENT tag (the page needs Meta's
 * Human Agent permission); later nothing but a marketing opt-in could reach the customer.
 */
export function buildMessengerMessage(
  to: string,
  message: OutboundMessage,
  lastInboundAt: Date | undefined,
  now: Date,
): Record<string, unknown> {
  const age = lastInboundAt ? now.getTime() - lastInboundAt.getTime() : 0;
  if (age >= MESSENGER_HUMAN_AGENT_MS) {
    throw permanent(
      'messenger_window_closed',
      'the customer last wrote more than 7 days ago; Messenger forbids replies',
    );
  }
  const tagged =
    age >= MESSENGER_WINDOW_MS ? { messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' } : undefined;
  return {
    recipient: { id: to },
    ...(tagged ?? { messaging_type: 'RESPONSE' }),
    message: messageObject(message),
  };
}

const SendResponse = z.object({ message_id: z.string() });

export function messengerMessageId(body: unknown): string {
  const parsed = SendResponse.safeParse(body);
  if (!parsed.success) throw permanent('rejected', 'Messenger answered 200 without message_id');
  return parsed.data.message_id;
}
