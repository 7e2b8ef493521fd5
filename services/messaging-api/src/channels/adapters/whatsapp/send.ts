import { z } from 'zod';
import { permanent } from '../errors';
import type { OutboundAttachment, OutboundMessage } from '../types';

/** WhatsApp's customer-service window: free-form messages only within 24 h of the last inbound. */
export const WHATSAPP_WINDOW_MS = 24 * 60 * 60 * 1000;

export function isWindowOpen(lastInboundAt: Date | undefined, now: Date): boolean {
  return lastInboundAt !== undefined && now.getTime() - lastInboundAt.getTime() < WHATSAPP_WINDOW_MS;
}

function mediaObject(attachment: OutboundAttachment, caption: string | undefined): Record<string, unknown> {
  switch (attachment.type) {
    case 'location':
      return {
        type: 'location',
        location: { latitude: attachment.latitude, longitude: attachment.longitude },
      };
    case 'image':
    case 'video':
      return { type: attachment.type, [attachment.type]: { link: attachment.url, caption } };
    // WhatsApp has no separate voice type for links, and audio and stickers take no caption.
    case 'audio':
    case 'voice':
      return { type: 'audio', audio: { link: attachment.url } };
    case 'sticker':
      return { type: 'sticker', sticker: { link: attachment.url } };
    default:
      return {
        type: 'document',
        document: { link: attachment.url, caption, filename: attachment.file_name },
      };
  }
}

function contentObject(message: OutboundMessage): Record<string, unknown> {
  if (message.template) {
    const { name, language, components } = message.template;
    return { type: 'template', template: { name, language: { code: language }, components } };
  }
  const attachments = message.attachments ?? [];
  if (attachments.length > 1) {
    throw permanent('unsupported_message', 'WhatsApp sends one media item per message; split the message');
  }
  if (attachments[0]) return mediaObject(attachments[0], message.text || undefined);
  if (!message.text) throw permanent('invalid_message', 'a WhatsApp message needs text, media or a template');
  if (message.interactive?.buttons.length) {
    // Reply buttons: at most 3, titles at most 20 characters (Meta rejects longer ones).
    const buttons = message.interactive.buttons.map((b) => ({
      type: 'reply',
      reply: { id: b.id, title: b.title },
    }));
    return {
      type: 'interactive',
      interactive: { type: 'button', body: { text: message.text }, action: { buttons } },
    };
  }
  return { type: 'text', text: { body: message.text, preview_url: false } };
}

/**
 * The Cloud API request body (pure). Refuses free-form messages outside the 24 h window, since
 * Meta would reject them (error 131047) after we had spent a call; a template is required then.
 */
export function buildWhatsappMessage(
  to: string,
  message: OutboundMessage,
  lastInboundAt: Date | undefined,
  now: Date,
): Record<string, unknown> {
  if (!message.template && !isWindowOpen(lastInboundAt, now)) {
    const when = lastInboundAt ? `last wrote ${lastInboundAt.toISOString()}` : 'has not written';
    throw permanent(
      'whatsapp_window_closed',
      `the customer ${when}, outside WhatsApp's 24-hour customer-service window: only an approved template message can be sent`,
    );
  }
  return {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    // Meta accepts the number with or without '+'; wa_id form (digits only) matches inbound ids.
    to: to.replace(/^\+/, ''),
    ...(message.reply_to_provider_message_id
      ? { context: { message_id: message.reply_to_provider_message_id } }
      : {}),
    ...contentObject(message),
  };
}

const SendResponse = z.object({ messages: z.array(z.object({ id: z.string() })).min(1) });

export function whatsappMessageId(body: unknown): string {
  const parsed = SendResponse.safeParse(body);
  if (!parsed.success) throw permanent('rejected', 'WhatsApp answered 200 without messages[0].id');
  return parsed.data.messages[0]!.id;
}
