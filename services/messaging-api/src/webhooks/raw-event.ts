import { createHash } from 'node:crypto';
import type { ChannelType, HttpHeaders } from '../channels/adapters';

/**
 * The dedupe key of a webhook, derived without parsing the business payload. Telegram numbers
 * its updates (`update_id`, repeated on redelivery). The other providers retry with the same
 * bytes, so the SHA-256 of the raw body is a robust key: it catches exact retries, and two
 * different events never collide. (A provider that re-signed a retry with a new timestamp inside
 * the body would get a second event; the message-level `provider_message_id` dedupe catches that.)
 */
export function providerEventId(channelType: ChannelType, rawBody: Buffer): string {
  if (channelType === 'telegram') {
    const match = /"update_id"\s*:\s*(\d{1,20})/.exec(rawBody.subarray(0, 256).toString('latin1'));
    if (match?.[1]) return `update:${match[1]}`;
  }
  return `sha256:${createHash('sha256').update(rawBody).digest('hex')}`;
}

/** Headers worth keeping for replay and debugging. Secret-bearing ones (Telegram's token, the
 * web-chat session token) are deliberately absent. */
const keptHeaders = [
  'content-type',
  'user-agent',
  'x-request-id',
  'x-hub-signature-256',
  'x-twilio-signature',
  'i-twilio-idempotency-token',
  'x-home-region',
  'x-turumba-timestamp',
  'x-turumba-signature',
  'x-forwarded-for',
];

export function selectHeaders(headers: HttpHeaders): Record<string, string> {
  const selected: Record<string, string> = {};
  for (const name of keptHeaders) {
    const value = headers[name];
    const text = Array.isArray(value) ? value.join(', ') : value;
    if (text) selected[name] = text.slice(0, 1_000);
  }
  return selected;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Text columns cannot hold NUL bytes or invalid UTF-8: such bodies are stored as base64. */
export function encodeBody(rawBody: Buffer): { rawBody: string; bodyEncoding: 'utf8' | 'base64' } {
  if (!rawBody.includes(0)) {
    try {
      return { rawBody: strictUtf8.decode(rawBody), bodyEncoding: 'utf8' };
    } catch {
      // not UTF-8: fall through
    }
  }
  return { rawBody: rawBody.toString('base64'), bodyEncoding: 'base64' };
}

export function decodeBody(stored: { rawBody: string; bodyEncoding: 'utf8' | 'base64' }): Buffer {
  return Buffer.from(stored.rawBody, stored.bodyEncoding === 'base64' ? 'base64' : 'utf8');
}
