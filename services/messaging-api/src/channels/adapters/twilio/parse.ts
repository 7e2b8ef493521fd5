import { InboundPayloadError } from '../errors';
import { parseForm } from '../shared/form';
import type {
  DeliveryStatus,
  InboundAttachment,
  InboundMessage,
  ParsedInbound,
  StatusUpdate,
} from '../types';

/** Splits Twilio's channel-prefixed addresses: `whatsapp:+31612345678` → whatsapp, +31612345678. */
export function splitTwilioAddress(address: string): { channel: string; address: string } {
  const match = /^([a-z]+):(.*)$/i.exec(address);
  return match ? { channel: match[1]!.toLowerCase(), address: match[2]! } : { channel: 'sms', address };
}

function typeFromMime(mime: string | undefined): InboundAttachment['type'] {
  const major = mime?.split('/')[0];
  if (major === 'image' || major === 'video' || major === 'audio') return major;
  return 'document';
}

function media(form: Record<string, string>): InboundAttachment[] {
  const count = Number(form.NumMedia ?? 0);
  const attachments: InboundAttachment[] = [];
  for (let i = 0; i < count; i++) {
    const url = form[`MediaUrl${i}`];
    const mime = form[`MediaContentType${i}`];
    // The media URL needs the account's Basic auth when "HTTP auth for media" is on.
    if (url) attachments.push({ type: typeFromMime(mime), url, mime_type: mime });
  }
  // WhatsApp-via-Twilio sends a shared location as Latitude/Longitude (+ Label, Address).
  if (form.Latitude && form.Longitude) {
    const caption = [form.Label, form.Address].filter(Boolean).join(', ') || undefined;
    attachments.push({
      type: 'location',
      latitude: Number(form.Latitude),
      longitude: Number(form.Longitude),
      caption,
    });
  }
  return attachments;
}

function toMessage(form: Record<string, string>, sid: string, now: Date): InboundMessage {
  const from = splitTwilioAddress(form.From ?? '');
  const attachments = media(form);
  const optional = (key: string) => form[key] || undefined;
  return {
    provider_message_id: sid,
    provider_event_id: sid,
    sender: {
      identifier: from.address,
      display_name: optional('ProfileName'),
      phone: from.address.startsWith('+') ? from.address : undefined,
      metadata: {
        channel: from.channel,
        wa_id: optional('WaId'),
        city: optional('FromCity'),
        state: optional('FromState'),
        country: optional('FromCountry'),
      },
    },
    text: form.Body ?? '',
    attachments,
    // Twilio's inbound webhook carries no timestamp; it is posted as the message arrives.
    timestamp: now,
    reply_to_provider_message_id: optional('OriginalRepliedMessageSid'),
    raw_type: attachments.find((a) => a.type === 'location')
      ? 'location'
      : attachments.length
        ? 'media'
        : 'text',
    metadata: { to: optional('To'), account_sid: optional('AccountSid') },
  };
}

/**
 * queued/accepted/scheduled/sending are our own "sending" state and need no receipt;
 * undelivered and canceled are failures.
 */
const STATUS: Record<string, DeliveryStatus> = {
  sent: 'sent',
  delivered: 'delivered',
  partially_delivered: 'delivered',
  read: 'read',
  undelivered: 'failed',
  failed: 'failed',
  canceled: 'failed',
};

function toStatus(
  form: Record<string, string>,
  sid: string,
  twilioStatus: string,
  now: Date,
): StatusUpdate[] {
  const status = STATUS[twilioStatus];
  if (!status) return [];
  const code = form.ErrorCode && form.ErrorCode !== '0' ? form.ErrorCode : undefined;
  return [
    {
      provider_message_id: sid,
      status,
      timestamp: now,
      recipient: form.To ? splitTwilioAddress(form.To).address : undefined,
      error: code ? { code, message: form.ErrorMessage || `Twilio error ${code}` } : undefined,
    },
  ];
}

/**
 * One form post: an inbound message (SmsStatus `received`) or a status callback
 * (`MessageStatus`). MessageSid = SmsSid = SmsMessageSid; the first present wins.
 */
export function parseTwilioWebhook(body: Buffer, now: Date): ParsedInbound {
  const form = parseForm(body);
  const sid = form.MessageSid ?? form.SmsMessageSid ?? form.SmsSid;
  if (!sid) throw new InboundPayloadError('twilio', 'no MessageSid');
  const status = form.MessageStatus ?? form.SmsStatus ?? 'received';
  if (status === 'received' || status === 'receiving') {
    return { messages: [toMessage(form, sid, now)], statuses: [] };
  }
  return { messages: [], statuses: toStatus(form, sid, status, now) };
}
