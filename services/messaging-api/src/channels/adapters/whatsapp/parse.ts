import { InboundPayloadError } from '../errors';
import type {
  DeliveryStatus,
  InboundAttachment,
  InboundMessage,
  InteractiveReply,
  ParsedInbound,
  StatusUpdate,
} from '../types';
import { type WaMedia, type WaMessage, type WaStatus, WaValue, WaWebhook } from './schema';

type Content = { text: string; attachments: InboundAttachment[]; interactive?: InteractiveReply };

const seconds = (value: string) => new Date(Number(value) * 1000);

/** WhatsApp ids are E.164 digits without '+'; we store phones with it. */
export const toE164 = (waId: string) => (waId.startsWith('+') ? waId : `+${waId}`);

function media(type: InboundAttachment['type'], m: WaMedia): InboundAttachment {
  // The media id must be fetched via GET /{media-id} with the access token; no public URL is given.
  return {
    type,
    provider_file_id: m.id,
    url: m.link,
    mime_type: m.mime_type,
    file_name: m.filename,
    caption: m.caption,
  };
}

function contentOf(m: WaMessage): Content {
  const none = { text: '', attachments: [] };
  switch (m.type) {
    case 'text':
      return { text: m.text?.body ?? '', attachments: [] };
    case 'image':
    case 'video':
    case 'document':
    case 'sticker': {
      const file = m[m.type];
      return file ? { text: file.caption ?? '', attachments: [media(m.type, file)] } : none;
    }
    case 'audio':
      return m.audio ? { text: '', attachments: [media(m.audio.voice ? 'voice' : 'audio', m.audio)] } : none;
    case 'location': {
      if (!m.location) return none;
      const { latitude, longitude, name, address, url } = m.location;
      const caption = [name, address].filter(Boolean).join(', ') || undefined;
      return { text: '', attachments: [{ type: 'location', latitude, longitude, caption, url }] };
    }
    case 'interactive': {
      const reply = m.interactive?.button_reply ?? m.interactive?.list_reply;
      if (!reply || !m.interactive) return none;
      return { text: reply.title, attachments: [], interactive: { type: m.interactive.type, ...reply } };
    }
    case 'button': {
      const { payload, text } = m.button ?? {};
      return {
        text: text ?? '',
        attachments: [],
        interactive: { type: 'button', id: payload ?? text ?? '', title: text },
      };
    }
    case 'reaction':
      return { text: m.reaction?.emoji ?? '', attachments: [] };
    case 'contacts': {
      const names = (m.contacts ?? []).map((c) => c.name?.formatted_name).filter(Boolean);
      return { text: '', attachments: [{ type: 'other', caption: names.join(', ') }] };
    }
    default:
      // unsupported, order, system, …: kept with raw_type so the agent sees something arrived.
      return none;
  }
}

function toMessage(value: WaValue, m: WaMessage): InboundMessage | undefined {
  // `from` may become "" for customers who adopt usernames; the business-scoped user id stands in.
  const identifier = m.from ? toE164(m.from) : m.from_user_id;
  if (!identifier) return undefined;
  const contact = value.contacts?.find((c) => c.wa_id === m.from) ?? value.contacts?.[0];
  const content = contentOf(m);
  const replyTo = m.type === 'reaction' ? m.reaction?.message_id : m.context?.id;
  const metadata = {
    phone_number_id: value.metadata?.phone_number_id,
    ...(m.context?.referred_product ? { referred_product: m.context.referred_product } : {}),
  };
  return {
    provider_message_id: m.id,
    provider_event_id: m.id,
    sender: {
      identifier,
      display_name: contact?.profile?.name,
      phone: m.from ? toE164(m.from) : undefined,
      metadata: { wa_id: m.from || undefined, user_id: m.from_user_id ?? contact?.user_id },
    },
    ...content,
    timestamp: seconds(m.timestamp),
    reply_to_provider_message_id: replyTo,
    raw_type: m.type,
    metadata,
  };
}

// `played` (a voice message was listened to) implies read; `deleted` and unknown values are ignored.
const STATUS: Record<string, DeliveryStatus> = {
  sent: 'sent',
  delivered: 'delivered',
  read: 'read',
  played: 'read',
  failed: 'failed',
};

function toStatus(s: WaStatus): StatusUpdate | undefined {
  const status = STATUS[s.status];
  if (!status) return undefined;
  const first = s.errors?.[0];
  const message =
    first && ([first.message ?? first.title, first.error_data?.details].filter(Boolean).join(': ') || '');
  return {
    provider_message_id: s.id,
    status,
    timestamp: seconds(s.timestamp),
    recipient: s.recipient_id ? toE164(s.recipient_id) : undefined,
    error: first
      ? { code: String(first.code), message: message || `WhatsApp error ${first.code}` }
      : undefined,
  };
}

/** Every entry, change, message and status of one webhook: Meta batches up to 1000 updates. */
export function parseWhatsappWebhook(body: Buffer): ParsedInbound {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    throw new InboundPayloadError('whatsapp', 'body is not JSON');
  }
  const webhook = WaWebhook.safeParse(json);
  if (!webhook.success) throw new InboundPayloadError('whatsapp', webhook.error.message);
  const result: ParsedInbound = { messages: [], statuses: [] };
  for (const change of webhook.data.entry.flatMap((entry) => entry.changes)) {
    if (change.field !== 'messages') continue;
    const value = WaValue.safeParse(change.value);
    if (!value.success) throw new InboundPayloadError('whatsapp', value.error.message);
    for (const m of value.data.messages ?? []) {
      const message = toMessage(value.data, m);
      if (message) result.messages.push(message);
    }
    for (const s of value.data.statuses ?? []) {
      const status = toStatus(s);
      if (status) result.statuses.push(status);
    }
  }
  return result;
}
