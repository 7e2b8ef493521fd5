import type { z } from 'zod';
import { InboundPayloadError } from '../errors';
import type { InboundAttachment, InboundMessage, InboundSender, ParsedInbound } from '../types';
import { type TgCallbackQuery, type TgMessage, TgUpdate, type TgUser } from './schema';

/**
 * Telegram message ids are only unique within a chat, and `provider_message_id` must be unique
 * per channel, so ours is `<chat_id>:<message_id>`. An edit reuses the id of the message it edits.
 */
export function telegramMessageId(chatId: number | string, messageId: number | string): string {
  return `${chatId}:${messageId}`;
}

function toSender(user: z.infer<typeof TgUser>, chatId: number): InboundSender {
  const name = [user.first_name, user.last_name].filter(Boolean).join(' ') || user.username;
  return {
    identifier: String(user.id),
    display_name: name,
    metadata: { chat_id: String(chatId), username: user.username, language_code: user.language_code },
  };
}

function attachmentsOf(message: TgMessage): { attachments: InboundAttachment[]; kind: string } {
  const file = (type: InboundAttachment['type'], f: NonNullable<TgMessage['document']>) => ({
    type,
    provider_file_id: f.file_id,
    mime_type: f.mime_type,
    file_name: f.file_name,
    size: f.file_size,
    caption: message.caption,
  });
  // Telegram sends every size of a photo, smallest first; the last one is the original.
  const photo = message.photo?.at(-1);
  if (photo) return { kind: 'photo', attachments: [file('image', photo)] };
  if (message.document) return { kind: 'document', attachments: [file('document', message.document)] };
  if (message.voice) return { kind: 'voice', attachments: [file('voice', message.voice)] };
  if (message.audio) return { kind: 'audio', attachments: [file('audio', message.audio)] };
  const video = message.video ?? message.video_note ?? message.animation;
  if (video) return { kind: 'video', attachments: [file('video', video)] };
  if (message.sticker) return { kind: 'sticker', attachments: [file('sticker', message.sticker)] };
  if (message.location) {
    const { latitude, longitude } = message.location;
    return { kind: 'location', attachments: [{ type: 'location', latitude, longitude }] };
  }
  if (message.contact) {
    const c = message.contact;
    const caption = [c.first_name, c.last_name, c.phone_number].filter(Boolean).join(' ');
    return { kind: 'contact', attachments: [{ type: 'other', caption }] };
  }
  return { kind: 'text', attachments: [] };
}

function fromMessage(updateId: number, message: TgMessage, isEdit: boolean): InboundMessage | undefined {
  // Only one-to-one chats are support conversations: a reply addressed to a user id would not
  // reach a group, and channel posts have no sender.
  if (!message.from || (message.chat.type && message.chat.type !== 'private')) return undefined;
  const { attachments, kind } = attachmentsOf(message);
  return {
    provider_message_id: telegramMessageId(message.chat.id, message.message_id),
    provider_event_id: String(updateId),
    sender: toSender(message.from, message.chat.id),
    text: message.text ?? message.caption ?? '',
    attachments,
    timestamp: new Date((isEdit && message.edit_date ? message.edit_date : message.date) * 1000),
    // reply_to_message is documented as "in the same chat", so the message's own chat scopes it.
    reply_to_provider_message_id: message.reply_to_message
      ? telegramMessageId(message.chat.id, message.reply_to_message.message_id)
      : undefined,
    is_edit: isEdit || undefined,
    raw_type: kind,
  };
}

/**
 * A button press is stored as an inbound message so the bot router and the agent see the choice.
 * The update has no date, so `now` stamps it; the text is the pressed button's label when the
 * keyboard is included, else its callback data.
 */
function fromCallbackQuery(updateId: number, query: TgCallbackQuery, now: Date): InboundMessage | undefined {
  if (query.data === undefined) return undefined;
  const chat = query.message?.chat;
  if (chat?.type && chat.type !== 'private') return undefined;
  const buttons = query.message?.reply_markup?.inline_keyboard.flat() ?? [];
  const title = buttons.find((button) => button.callback_data === query.data)?.text;
  const chatId = chat?.id ?? query.from.id;
  return {
    provider_message_id: `callback:${query.id}`,
    provider_event_id: String(updateId),
    sender: toSender(query.from, chatId),
    text: title ?? query.data,
    attachments: [],
    timestamp: now,
    reply_to_provider_message_id: query.message
      ? telegramMessageId(chatId, query.message.message_id)
      : undefined,
    interactive: { type: 'callback_query', id: query.data, title },
    raw_type: 'callback_query',
    metadata: query.inline_message_id ? { inline_message_id: query.inline_message_id } : undefined,
  };
}

/** Parses one Update. Kinds other than message, edited_message and callback_query are ignored. */
export function parseTelegramUpdate(body: Buffer, now: Date): ParsedInbound {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    throw new InboundPayloadError('telegram', 'body is not JSON');
  }
  const update = TgUpdate.safeParse(json);
  if (!update.success) throw new InboundPayloadError('telegram', update.error.message);
  const { update_id: id, message, edited_message: edited, callback_query: query } = update.data;
  const parsed = message
    ? fromMessage(id, message, false)
    : edited
      ? fromMessage(id, edited, true)
      : query
        ? fromCallbackQuery(id, query, now)
        : undefined;
  return { messages: parsed ? [parsed] : [], statuses: [] };
}
