import { InboundPayloadError } from '../errors';
import type { InboundAttachment, InboundMessage, ParsedInbound, StatusUpdate } from '../types';
import { type MsAttachment, type MsEvent, MsWebhook } from './schema';

const TYPES: Record<string, InboundAttachment['type']> = {
  image: 'image',
  video: 'video',
  audio: 'audio',
  file: 'document',
  sticker: 'sticker',
  reel: 'video',
  ig_reel: 'video',
  location: 'location',
};

function toAttachment(a: MsAttachment): InboundAttachment {
  const payload = a.payload ?? {};
  // Stickers (the thumbs-up too) arrive as `image` with a sticker_id.
  const type = payload.sticker_id ? 'sticker' : (TYPES[a.type] ?? 'other');
  // `fallback` is a shared link Meta could not render; its URL and title are all there is.
  const caption = payload.title ?? a.title;
  const coords = payload.coordinates
    ? { latitude: payload.coordinates.lat, longitude: payload.coordinates.long }
    : {};
  return { type, url: payload.url, caption, ...coords };
}

function sender(event: MsEvent) {
  return { identifier: event.sender.id, metadata: { page_id: event.recipient.id } };
}

function fromMessage(event: MsEvent, message: NonNullable<MsEvent['message']>, now: Date): InboundMessage {
  const quick = message.quick_reply;
  return {
    provider_message_id: message.mid,
    provider_event_id: message.mid,
    sender: sender(event),
    text: message.text ?? '',
    attachments: (message.attachments ?? []).map(toAttachment),
    timestamp: event.timestamp ? new Date(event.timestamp) : now,
    reply_to_provider_message_id: message.reply_to?.mid,
    interactive: quick ? { type: 'quick_reply', id: quick.payload, title: message.text } : undefined,
    raw_type: quick ? 'quick_reply' : message.attachments?.length ? 'attachments' : 'text',
    metadata: message.commands ? { commands: message.commands.map((c) => c.name) } : undefined,
  };
}

/** A postback (a button of a template or the persistent menu) is the customer choosing something. */
function fromPostback(event: MsEvent, postback: NonNullable<MsEvent['postback']>, now: Date): InboundMessage {
  const id = postback.mid ?? `postback:${event.sender.id}:${event.timestamp}`;
  return {
    provider_message_id: id,
    provider_event_id: id,
    sender: sender(event),
    text: postback.title ?? postback.payload ?? '',
    attachments: [],
    timestamp: event.timestamp ? new Date(event.timestamp) : now,
    interactive: { type: 'postback', id: postback.payload ?? '', title: postback.title },
    raw_type: 'postback',
  };
}

/**
 * Receipts come as watermarks: "all messages sent before this timestamp were delivered/read".
 * `mids` "may not be present", so the watermark update (to the customer's PSID) is always emitted,
 * and one update per listed mid besides, which survives clock skew between Meta and us.
 */
function receipts(event: MsEvent): StatusUpdate[] {
  const recipient = event.sender.id;
  if (event.delivery) {
    const at = new Date(event.delivery.watermark);
    const perMid = (event.delivery.mids ?? []).map(
      (mid): StatusUpdate => ({ provider_message_id: mid, status: 'delivered', timestamp: at, recipient }),
    );
    return [...perMid, { status: 'delivered', watermark: at, timestamp: at, recipient }];
  }
  if (event.read) {
    const at = new Date(event.read.watermark);
    return [{ status: 'read', watermark: at, timestamp: new Date(event.timestamp ?? at), recipient }];
  }
  return [];
}

/** Every `entry[].messaging[]` event. Echoes of our own sends (`is_echo`) are dropped. */
export function parseMessengerWebhook(body: Buffer, now: Date): ParsedInbound {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    throw new InboundPayloadError('messenger', 'body is not JSON');
  }
  const webhook = MsWebhook.safeParse(json);
  if (!webhook.success) throw new InboundPayloadError('messenger', webhook.error.message);
  const result: ParsedInbound = { messages: [], statuses: [] };
  // Receipts may omit `timestamp`; the entry's `time` is the closest stand-in.
  const events = webhook.data.entry.flatMap((entry) =>
    (entry.messaging ?? []).map((event) => ({ ...event, timestamp: event.timestamp ?? entry.time })),
  );
  for (const event of events) {
    if (event.message && !event.message.is_echo) result.messages.push(fromMessage(event, event.message, now));
    else if (event.postback) result.messages.push(fromPostback(event, event.postback, now));
    else result.statuses.push(...receipts(event));
  }
  return result;
}
