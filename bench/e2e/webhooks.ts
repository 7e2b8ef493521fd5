/**
 * Signed provider webhooks as Telegram and WhatsApp post them (fixtures from
 * /work/shared/fixtures/channels), one message each. Customer `i` always writes on channel
 * `i % channels`, so each customer is one conversation. The text carries a marker
 * `e2e#<seq>@<sent ms>` that the database check and the agent sockets read back.
 */
import { createHmac } from 'node:crypto';
import { fixtureJson } from '../../services/messaging-api/src/channels/adapters/test-fixtures';

export interface BenchChannel {
  id: string;
  type: 'telegram' | 'whatsapp';
  /** Telegram: webhook_secret (header); WhatsApp: app_secret (HMAC key). */
  secret: string;
}

export interface Webhook {
  path: string;
  body: string;
  headers: Record<string, string>;
}

const TELEGRAM_USER_BASE = 7_000_000_000;
const WHATSAPP_BASE = 251_900_000_000;

/** The customer index behind a conversation's contact identifier. */
export function customerOf(channelType: string, identifier: string): number {
  const n = Number(identifier);
  return channelType === 'telegram' ? n - TELEGRAM_USER_BASE : n - WHATSAPP_BASE;
}

export const marker = (seq: number, sentAt: number) => `e2e#${seq}@${sentAt.toFixed(1)}`;
const markerPattern = /e2e#(\d+)@/;
export function seqOf(text: string | null | undefined): number | undefined {
  const match = text ? markerPattern.exec(text) : null;
  return match ? Number(match[1]) : undefined;
}

const telegramTemplate = fixtureJson('telegram_text_update.json');
const whatsappTemplate = fixtureJson('whatsapp_text.json');

export function buildWebhook(channel: BenchChannel, customer: number, seq: number, sentAt: number): Webhook {
  const text = `${marker(seq, sentAt)} hello, my order has not arrived yet`;
  const path = `/v1/webhooks/${channel.type}/${channel.id}`;
  if (channel.type === 'telegram') {
    const body = structuredClone(telegramTemplate);
    const userId = TELEGRAM_USER_BASE + customer;
    body.update_id = seq;
    Object.assign(body.message, { message_id: seq, date: Math.floor(sentAt / 1000), text });
    Object.assign(body.message.chat, { id: userId, first_name: `Customer ${customer}` });
    Object.assign(body.message.from, { id: userId, first_name: `Customer ${customer}` });
    return {
      path,
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': channel.secret },
    };
  }
  const body = structuredClone(whatsappTemplate);
  const waId = String(WHATSAPP_BASE + customer);
  const value = body.entry[0].changes[0].value;
  value.contacts[0].wa_id = waId;
  value.contacts[0].profile.name = `Customer ${customer}`;
  Object.assign(value.messages[0], {
    from: waId,
    id: `wamid.e2e-${seq}`,
    timestamp: String(Math.floor(sentAt / 1000)),
    text: { body: text },
  });
  const raw = JSON.stringify(body);
  return {
    path,
    body: raw,
    headers: {
      'content-type': 'application/json',
      'x-hub-signature-256': `sha256=${createHmac('sha256', channel.secret).update(raw).digest('hex')}`,
    },
  };
}
