import { createHmac } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureBytes, fixtureJson } from '../channels/adapters/test-fixtures';
import { type PipelineHarness, startPipelineHarness, waitFor } from '../channels/test-harness';
import { messages } from '../messages/tables';
import { inboundEvents } from '../webhooks/tables';
import { sign, telegramSecretOf, webhookPath } from '../webhooks/test-signing';

const BOT = '6660001:bad-payload-bot';
const metaSecret = 'bad_payload_app_secret';
const meta = { app_secret: metaSecret, verify_token: 'v' };
const credentials = {
  telegram: { bot_token: BOT },
  whatsapp: { ...meta, access_token: 'a', phone_number_id: 'p', business_account_id: 'b' },
  messenger: { ...meta, page_access_token: 't', page_id: 'PAGE' },
  sms: { provider: 'twilio', account_sid: 'AC9', auth_token: 'tw-secret', sender_number: '+15550009999' },
  email: {
    smtp_host: '127.0.0.1',
    smtp_port: 2525,
    from_address: 'support@example.com',
    inbound_signing_key: 'relay-key',
  },
} as const;
type ProviderType = keyof typeof credentials;

let h: PipelineHarness;

function signed(type: ProviderType, webhookUrl: string, path: string, body: Buffer, contentType: string) {
  switch (type) {
    case 'telegram':
      return sign.telegram(telegramSecretOf(h, webhookUrl));
    case 'whatsapp':
    case 'messenger':
      return sign.meta(metaSecret, body);
    case 'sms':
      return sign.twilio('tw-secret', path, body);
    case 'email':
      return { ...sign.emailRelay('relay-key', body), 'content-type': contentType };
  }
}

async function eventsOf(channelId: string) {
  return h.db.select().from(inboundEvents).where(eq(inboundEvents.channelId, channelId));
}

beforeAll(async () => {
  h = await startPipelineHarness({ workerOptions: { inboundMaxAttempts: 3, routing: false } });
  h.provider.on('POST', `/bot${BOT}/setWebhook`, () => ({ body: { ok: true, result: true } }));
});
afterAll(() => h.cleanup());

type Case = [what: string, type: ProviderType, body: string, contentType: string, reason: RegExp];
const cases: Case[] = [
  ['a Telegram body that is not JSON', 'telegram', 'update_id=1; not json', 'application/json', /not JSON/],
  [
    'a WhatsApp body of the wrong shape',
    'whatsapp',
    '{"object":"whatsapp_business_account","entry":"broken"}',
    'application/json',
    /whatsapp webhook payload not understood/,
  ],
  ['a Messenger body that is not JSON', 'messenger', '<xml>nope</xml>', 'application/json', /not JSON/],
  [
    'a Twilio form without MessageSid',
    'sms',
    'Body=hello&From=%2B15551234567&To=%2B15550009999',
    'application/x-www-form-urlencoded',
    /no MessageSid/,
  ],
  [
    'a raw mail without a sender',
    'email',
    'Subject: hi\r\n\r\nno From header\r\n',
    'message/rfc822',
    /no From/,
  ],
  [
    'a Mailgun route post without a sender',
    'email',
    mailgunForm({ subject: 'hi', 'body-plain': 'who am I?' }),
    'application/x-www-form-urlencoded',
    /no From/,
  ],
];

/** A Mailgun route post signed as Mailgun signs it (the signature travels in the form). */
function mailgunForm(fields: Record<string, string>): string {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const token = 'bad-payload-token';
  const signature = createHmac('sha256', 'relay-key')
    .update(timestamp + token)
    .digest('hex');
  return new URLSearchParams({ ...fields, timestamp, token, signature }).toString();
}

describe('a correctly signed payload the adapter cannot parse', () => {
  it.each(cases)(
    '%s is acknowledged, then dead-lettered with its reason, without retries',
    async (_what, type, text, contentType, reason) => {
      const channel = await h.createChannel(type, credentials[type]);
      const path = webhookPath(channel.webhook_url);
      const body = Buffer.from(text);
      const headers = {
        ...signed(type, channel.webhook_url, path, body, contentType),
        'content-type': contentType,
      };
      const response = await h.postWebhook(path, body, headers);
      expect(response.statusCode).toBe(200);
      const event = await waitFor(async () => {
        const [row] = await eventsOf(channel.id);
        return row?.status === 'failed' ? row : undefined;
      }, 'the event to be dead-lettered');
      expect(event.error).toMatch(reason);
      expect(event.attempts).toBe(0);
      expect(await h.db.select().from(messages).where(eq(messages.channelId, channel.id))).toHaveLength(0);
      // The provider's retry of the same bytes is a no-op, not a second failure.
      const retry = await h.postWebhook(path, body, headers);
      expect(retry.statusCode).toBe(200);
      expect(await eventsOf(channel.id)).toHaveLength(1);
    },
  );

  it('web chat (our own widget) refuses a malformed body with 422 and stores nothing', async () => {
    const widget = await h.createChannel('webchat', {});
    const sessionUrl = `/v1/public/webchat/${widget.id}/sessions`;
    const session = (await h.postWebhook(sessionUrl, Buffer.alloc(0))).json().data;
    const response = await h.postWebhook(
      `/v1/public/webchat/${widget.id}/messages`,
      Buffer.from(JSON.stringify({ visitor_id: session.visitor_id, text: 'no message id' })),
      { 'content-type': 'application/json', 'x-webchat-token': session.token },
    );
    expect(response.statusCode).toBe(422);
    expect(response.json().error).toBe('validation_error');
    expect(await eventsOf(widget.id)).toHaveLength(0);
  });

  it('keeps processing good webhooks of the same channel afterwards', async () => {
    const channel = await h.createChannel('whatsapp', credentials.whatsapp);
    const path = webhookPath(channel.webhook_url);
    const bad = Buffer.from('not json');
    await h.postWebhook(path, bad, sign.meta(metaSecret, bad));
    const good = fixtureBytes('whatsapp_text.json');
    expect((await h.postWebhook(path, good, sign.meta(metaSecret, good))).statusCode).toBe(200);
    await waitFor(async () => {
      const rows = await h.db
        .select()
        .from(messages)
        .where(and(eq(messages.channelId, channel.id), eq(messages.direction, 'inbound')));
      return rows.length === 1;
    }, 'the good message');
  });

  it('dead-letters a sender the Account API refuses (422) instead of retrying it', async () => {
    const channel = await h.createChannel('whatsapp', credentials.whatsapp);
    h.accountApi.server.on('POST', '/internal/contacts/upsert', () => ({
      status: 422,
      body: { success: false, error: 'validation_error', message: 'bad phone', details: {} },
    }));
    const path = webhookPath(channel.webhook_url);
    // A sender never seen before, so the Account API is asked.
    const webhook = fixtureJson('whatsapp_text.json');
    const value = webhook.entry[0].changes[0].value;
    value.contacts[0].wa_id = '15550001234';
    Object.assign(value.messages[0], { from: '15550001234', id: 'wamid.refused-sender' });
    const body = Buffer.from(JSON.stringify(webhook));
    expect((await h.postWebhook(path, body, sign.meta(metaSecret, body))).statusCode).toBe(200);
    const event = await waitFor(async () => {
      const [row] = await eventsOf(channel.id);
      return row?.status === 'failed' ? row : undefined;
    }, 'the event to be dead-lettered');
    expect(event.error).toMatch(/sender refused by the Account API.*422/);
    expect(event.attempts).toBe(0);
  });
});
