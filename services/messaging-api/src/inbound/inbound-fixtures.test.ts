import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChannelType, createAdapters } from '../channels/adapters';
import { fixtureBytes, fixtureJson, formFixture } from '../channels/adapters/test-fixtures';
import { type PipelineHarness, startPipelineHarness, waitFor } from '../channels/test-harness';
import { contactIdentifiers } from '../contact-identifiers/tables';
import { conversations } from '../conversations/tables';
import { messages } from '../messages/tables';
import { inboundEvents } from '../webhooks/tables';
import { sign, telegramSecretOf, webhookPath } from '../webhooks/test-signing';

const metaSecret = 'test_app_secret_123';
const credentials: Record<Exclude<ChannelType, 'webchat'>, Record<string, unknown>> = {
  telegram: { bot_token: '7770001:fixture-bot' },
  whatsapp: {
    access_token: 'a',
    phone_number_id: 'p',
    business_account_id: 'b',
    app_secret: metaSecret,
    verify_token: 'v',
  },
  messenger: { page_access_token: 't', page_id: '<PAGE_ID>', app_secret: metaSecret, verify_token: 'v' },
  sms: { provider: 'twilio', account_sid: 'AC1', auth_token: '12345', sender_number: '+15558675310' },
  email: {
    smtp_host: '127.0.0.1',
    smtp_port: 2525,
    from_address: 'support@example.com',
    inbound_signing_key: 'relay-key',
  },
};

/** Meta documents single Messenger events without the envelope the webhook wraps them in. */
const messengerEnvelope = (entry: unknown) => Buffer.from(JSON.stringify({ object: 'page', entry: [entry] }));
const messengerEvent = (file: string) =>
  messengerEnvelope({ id: '<PAGE_ID>', time: 1, messaging: [fixtureJson(file)] });

type Case = [name: string, type: Exclude<ChannelType, 'webchat'>, body: () => Buffer, contentType: string];
const cases: Case[] = [
  [
    'telegram_text_update.json',
    'telegram',
    () => fixtureBytes('telegram_text_update.json'),
    'application/json',
  ],
  [
    'telegram_reply_update.json',
    'telegram',
    () => fixtureBytes('telegram_reply_update.json'),
    'application/json',
  ],
  [
    'telegram_edited_message_update.json',
    'telegram',
    () => fixtureBytes('telegram_edited_message_update.json'),
    'application/json',
  ],
  [
    'telegram_document_update.json',
    'telegram',
    () => fixtureBytes('telegram_document_update.json'),
    'application/json',
  ],
  [
    'telegram_voice_update.json',
    'telegram',
    () => fixtureBytes('telegram_voice_update.json'),
    'application/json',
  ],
  [
    'telegram_callback_query_update.json',
    'telegram',
    () => fixtureBytes('telegram_callback_query_update.json'),
    'application/json',
  ],
  ['whatsapp_text.json', 'whatsapp', () => fixtureBytes('whatsapp_text.json'), 'application/json'],
  ['whatsapp_image.json', 'whatsapp', () => fixtureBytes('whatsapp_image.json'), 'application/json'],
  ['whatsapp_location.json', 'whatsapp', () => fixtureBytes('whatsapp_location.json'), 'application/json'],
  [
    'whatsapp_text_with_context.json',
    'whatsapp',
    () => fixtureBytes('whatsapp_text_with_context.json'),
    'application/json',
  ],
  [
    'whatsapp_interactive_button_reply.json',
    'whatsapp',
    () => fixtureBytes('whatsapp_interactive_button_reply.json'),
    'application/json',
  ],
  ['messenger_text.json', 'messenger', () => fixtureBytes('messenger_text.json'), 'application/json'],
  [
    'messenger_fallback_link.json',
    'messenger',
    () => fixtureBytes('messenger_fallback_link.json'),
    'application/json',
  ],
  [
    'messenger_text_event.json',
    'messenger',
    () => messengerEvent('messenger_text_event.json'),
    'application/json',
  ],
  [
    'messenger_reply_event.json',
    'messenger',
    () => messengerEvent('messenger_reply_event.json'),
    'application/json',
  ],
  [
    'messenger_attachment_entry.json',
    'messenger',
    () => messengerEnvelope(fixtureJson('messenger_attachment_entry.json')),
    'application/json',
  ],
  ['twilio_sms.form', 'sms', () => formFixture('twilio_sms.form'), 'application/x-www-form-urlencoded'],
  [
    'twilio_whatsapp_image.form',
    'sms',
    () => formFixture('twilio_whatsapp_image.form'),
    'application/x-www-form-urlencoded',
  ],
  [
    'twilio_whatsapp_location.form',
    'sms',
    () => formFixture('twilio_whatsapp_location.form'),
    'application/x-www-form-urlencoded',
  ],
  [
    'email_rfc5322_A1_1_original.eml',
    'email',
    () => fixtureBytes('email_rfc5322_A1_1_original.eml'),
    'message/rfc822',
  ],
  ['email_rfc5322_A2_reply.eml', 'email', () => fixtureBytes('email_rfc5322_A2_reply.eml'), 'message/rfc822'],
];

let h: PipelineHarness;
const parser = createAdapters();

beforeAll(async () => {
  h = await startPipelineHarness();
  h.provider.on('POST', `/bot${credentials.telegram.bot_token}/setWebhook`, () => ({
    body: { ok: true, result: true },
  }));
});
afterAll(() => h.cleanup());

function signed(
  type: Case[1],
  channel: { webhook_url: string },
  path: string,
  body: Buffer,
  contentType: string,
) {
  switch (type) {
    case 'telegram':
      return sign.telegram(telegramSecretOf(h, channel.webhook_url));
    case 'whatsapp':
    case 'messenger':
      return sign.meta(metaSecret, body);
    case 'sms':
      return sign.twilio('12345', path, body);
    case 'email':
      return { ...sign.emailRelay('relay-key', body), 'content-type': contentType };
  }
}

describe('inbound pipeline on every provider fixture', () => {
  it.each(cases)(
    '%s ends as a contact identifier, a conversation and a message',
    async (_file, type, build, contentType) => {
      const channel = await h.createChannel(type, credentials[type]);
      const body = build();
      const path = webhookPath(channel.webhook_url);
      const bad = await h.postWebhook(path, body, {
        ...signed(type, channel, path, body, contentType),
        ...badSignature(type),
      });
      expect(bad.statusCode).toBe(401);
      const response = await h.postWebhook(path, body, signed(type, channel, path, body, contentType));
      expect(response.statusCode).toBe(200);

      const [expected] = (await parser[type].parseInbound(body, contentType)).messages;
      const stored = await waitFor(async () => {
        // The customer's message (routing also writes its system line in the same conversation).
        const [row] = await h.db
          .select()
          .from(messages)
          .where(and(eq(messages.channelId, channel.id), eq(messages.direction, 'inbound')));
        return row;
      }, `the message of ${_file}`);
      expect(stored).toMatchObject({
        accountId: h.accountId,
        direction: 'inbound',
        senderType: 'contact',
        isPrivate: false,
        content: expected!.text,
        providerMessageId: expected!.provider_message_id,
      });
      expect(stored.attachments.map((a) => a.type)).toEqual(expected!.attachments.map((a) => a.type));

      const [conversation] = await h.db
        .select()
        .from(conversations)
        .where(eq(conversations.id, stored.conversationId));
      const [identity] = await h.db
        .select()
        .from(contactIdentifiers)
        .where(
          and(
            eq(contactIdentifiers.channelType, type),
            eq(contactIdentifiers.identifier, expected!.sender.identifier),
          ),
        );
      expect(conversation).toMatchObject({
        channelId: channel.id,
        channelType: type,
        status: 'open',
        contactIdentifier: expected!.sender.identifier,
        contactId: identity!.contactId,
        lastMessagePreview: expect.any(String),
      });
      expect(conversation!.waitingSince).not.toBeNull();
      expect(conversation!.lastInboundAt).not.toBeNull();
      const [event] = await h.db.select().from(inboundEvents).where(eq(inboundEvents.channelId, channel.id));
      expect(event).toMatchObject({ status: 'processed', processedAt: expect.any(Date) });
      expect(
        (await h.db.select().from(inboundEvents).where(eq(inboundEvents.channelId, channel.id))).length,
      ).toBe(1);
    },
  );

  it('tells the Account API the phone of a WhatsApp or SMS sender and the address of an email sender', () => {
    expect(h.accountApi.upserts).toContainEqual(
      expect.objectContaining({ channel_type: 'whatsapp', phone: '+16505551234' }),
    );
    expect(h.accountApi.upserts).toContainEqual(
      expect.objectContaining({ channel_type: 'sms', phone: '+15017122661' }),
    );
    expect(h.accountApi.upserts).toContainEqual(
      expect.objectContaining({ channel_type: 'email', email: 'mary@example.net', name: 'Mary Smith' }),
    );
  });
});

function badSignature(type: Case[1]): Record<string, string> {
  switch (type) {
    case 'telegram':
      return { 'x-telegram-bot-api-secret-token': 'not-the-secret' };
    case 'whatsapp':
    case 'messenger':
      return { 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` };
    case 'sms':
      return { 'x-twilio-signature': 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=' };
    case 'email':
      return { 'x-turumba-signature': `sha256=${'0'.repeat(64)}` };
  }
}
