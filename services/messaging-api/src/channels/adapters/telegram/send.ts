import { z } from 'zod';
import { permanent } from '../errors';
import type { OutboundAttachment, OutboundMessage } from '../types';
import { telegramMessageId } from './parse';

export interface TelegramCall {
  method: string;
  params: Record<string, unknown>;
}

const mediaMethods: Record<OutboundAttachment['type'], [method: string, field: string]> = {
  image: ['sendPhoto', 'photo'],
  video: ['sendVideo', 'video'],
  audio: ['sendAudio', 'audio'],
  voice: ['sendVoice', 'voice'],
  sticker: ['sendSticker', 'sticker'],
  document: ['sendDocument', 'document'],
  other: ['sendDocument', 'document'],
  location: ['sendLocation', ''],
};

/** `chat_id` is "Integer or String"; numeric ids go as numbers, `@channelusername` as text. */
function chatId(to: string): number | string {
  return /^-?\d+$/.test(to) ? Number(to) : to;
}

/** Our reply ids are `<chat_id>:<message_id>`; Telegram wants the bare message id. */
function replyParameters(replyTo: string | undefined): Record<string, unknown> {
  const match = replyTo?.match(/^-?\d+:(\d+)$/);
  return match
    ? { reply_parameters: { message_id: Number(match[1]), allow_sending_without_reply: true } }
    : {};
}

/** Builds the Bot API call for one outbound message (pure). */
export function buildTelegramCall(to: string, message: OutboundMessage): TelegramCall {
  if (message.template) throw permanent('unsupported_message', 'Telegram has no message templates');
  const attachments = message.attachments ?? [];
  if (attachments.length > 1) {
    throw permanent('unsupported_message', 'Telegram sends one attachment per message; split the message');
  }
  const common: Record<string, unknown> = {
    chat_id: chatId(to),
    ...replyParameters(message.reply_to_provider_message_id),
  };
  if (message.interactive?.buttons.length) {
    common.reply_markup = {
      inline_keyboard: message.interactive.buttons.map((b) => [{ text: b.title, callback_data: b.id }]),
    };
  }
  const attachment = attachments[0];
  if (!attachment) {
    if (!message.text) throw permanent('invalid_message', 'a Telegram message needs text or an attachment');
    return { method: 'sendMessage', params: { ...common, text: message.text } };
  }
  if (attachment.type === 'location') {
    const { latitude, longitude } = attachment;
    return { method: 'sendLocation', params: { ...common, latitude, longitude } };
  }
  const [method, field] = mediaMethods[attachment.type];
  // Stickers take no caption; everything else carries the text as its caption.
  const caption = attachment.type === 'sticker' || !message.text ? {} : { caption: message.text };
  return { method, params: { ...common, [field]: attachment.url, ...caption } };
}

const SentMessage = z.object({ message_id: z.number(), chat: z.object({ id: z.number() }) });

/** Turns the Bot API `result` (a Message) into our `<chat_id>:<message_id>` id. */
export function sentMessageId(result: unknown, to: string): string {
  const parsed = SentMessage.safeParse(result);
  if (parsed.success) return telegramMessageId(parsed.data.chat.id, parsed.data.message_id);
  const fallback = z.object({ message_id: z.number() }).safeParse(result);
  if (fallback.success) return telegramMessageId(to, fallback.data.message_id);
  throw permanent('rejected', 'Telegram answered ok without a message_id');
}
