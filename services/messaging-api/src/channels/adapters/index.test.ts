import { describe, expect, it } from 'vitest';
import {
  ChannelType,
  credentialSchemas,
  generateSecret,
  parseCredentials,
  TelegramSecretToken,
} from './credentials';
import { createAdapters, DEFAULT_API_BASES } from './index';

describe('Adapter registry', () => {
  it('has one adapter per channel type, registered under its own type', () => {
    const adapters = createAdapters();
    expect(Object.keys(adapters).sort()).toEqual([...ChannelType.options].sort());
    for (const type of ChannelType.options) expect(adapters[type].type).toBe(type);
  });

  it('offers the Meta handshake and Telegram webhook registration only where they exist', () => {
    const adapters = createAdapters();
    const withHandshake = ChannelType.options.filter((t) => adapters[t].handshake);
    const withRegistration = ChannelType.options.filter((t) => adapters[t].registerWebhook);
    expect(withHandshake).toEqual(['whatsapp', 'messenger']);
    expect(withRegistration).toEqual(['telegram']);
  });

  it('defaults to the public provider APIs', () => {
    expect(DEFAULT_API_BASES).toEqual({
      telegramApiBase: 'https://api.telegram.org',
      whatsappApiBase: 'https://graph.facebook.com/v23.0',
      messengerApiBase: 'https://graph.facebook.com/v23.0',
      twilioApiBase: 'https://api.twilio.com',
    });
  });
});

describe('Channel credentials', () => {
  it.each([
    ['telegram', { bot_token: '123:abc', webhook_secret: 'My_Secret-Token_123' }],
    [
      'whatsapp',
      {
        access_token: 'a',
        phone_number_id: 'p',
        business_account_id: 'b',
        app_secret: 's',
        verify_token: 'v',
      },
    ],
    ['messenger', { page_access_token: 'a', page_id: 'p', app_secret: 's', verify_token: 'v' }],
    ['sms', { provider: 'twilio', account_sid: 'AC1', auth_token: 't', sender_number: '+15550001111' }],
    [
      'email',
      { smtp_host: 'h', smtp_port: '587', from_address: 'a@b.co', from_name: 'A', inbound_signing_key: 'k' },
    ],
    ['webchat', { session_secret: generateSecret() }],
  ] as const)('accepts a complete %s credential set', (type, value) => {
    expect(parseCredentials(type, value).ok).toBe(true);
  });

  it('names every missing or malformed field', () => {
    const result = parseCredentials('whatsapp', { access_token: 'a' });
    expect(result).toMatchObject({ ok: false, reason: expect.stringContaining('phone_number_id') });
    expect(
      parseCredentials('sms', { provider: 'vonage', account_sid: 'a', auth_token: 't', sender_number: '+1' })
        .ok,
    ).toBe(false);
    expect(
      credentialSchemas.email.parse({ smtp_host: 'h', smtp_port: '465', from_address: 'a@b.co' }).smtp_port,
    ).toBe(465);
  });

  it('generates secrets Telegram accepts as secret_token', () => {
    expect(TelegramSecretToken.safeParse(generateSecret()).success).toBe(true);
    expect(TelegramSecretToken.safeParse('bad token!').success).toBe(false);
  });
});
