import { type FakeServer, startFakeServer } from '@turumba/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapters } from '../index';
import { fixtureBytes, fixtureJson } from '../test-fixtures';
import { parseWhatsappWebhook } from './parse';
import { isWindowOpen } from './send';

const parse = (file: string) => parseWhatsappWebhook(fixtureBytes(file));
const SHEENA = { identifier: '+16505551234', display_name: 'Sheena Nelson', phone: '+16505551234' };

describe('WhatsApp inbound messages', () => {
  it('parses a text message with the wamid as message and event id and the sender in E.164', () => {
    const { messages, statuses } = parse('whatsapp_text.json');
    expect(statuses).toEqual([]);
    expect(messages).toEqual([
      {
        provider_message_id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=',
        provider_event_id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=',
        sender: { ...SHEENA, metadata: { wa_id: '16505551234', user_id: undefined } },
        text: 'Does it come in another color?',
        attachments: [],
        timestamp: new Date(1749416383 * 1000),
        reply_to_provider_message_id: undefined,
        raw_type: 'text',
        metadata: { phone_number_id: '106540352242922' },
      },
    ]);
  });

  it('keeps an image as a media id with its caption as text', () => {
    const [message] = parse('whatsapp_image.json').messages;
    expect(message).toMatchObject({ text: 'Taj Mahal', raw_type: 'image', sender: SHEENA });
    expect(message?.attachments).toEqual([
      expect.objectContaining({
        type: 'image',
        provider_file_id: '1003383421387256',
        mime_type: 'image/jpeg',
        caption: 'Taj Mahal',
      }),
    ]);
  });

  it('keeps a location with coordinates, name and address', () => {
    const [message] = parse('whatsapp_location.json').messages;
    expect(message?.attachments).toEqual([
      {
        type: 'location',
        latitude: 37.44221496582,
        longitude: -122.16165924072,
        caption: 'Philz Coffee, 101 Forest Ave, Palo Alto, CA 94301',
        url: 'https://philzcoffee.com/',
      },
    ]);
  });

  it('links a reply through context.id and keeps the referred product', () => {
    const [message] = parse('whatsapp_text_with_context.json').messages;
    expect(message).toMatchObject({
      text: 'Is this still available?',
      reply_to_provider_message_id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGA9wcm9kdWN0X2lucXVpcnkA',
      metadata: { referred_product: { catalog_id: '194836987003835', product_retailer_id: 'di9ozbzfi4' } },
    });
  });

  it('reads a button reply as interactive data with the title as text', () => {
    const [message] = parse('whatsapp_interactive_button_reply.json').messages;
    expect(message).toMatchObject({
      text: 'Cancel',
      interactive: { type: 'button_reply', id: 'cancel-button', title: 'Cancel' },
      reply_to_provider_message_id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI3MEM2RUJFNkI0RENGQTVDRjUA',
      raw_type: 'interactive',
    });
  });

  it('processes every entry, change, message and status of a batched webhook', () => {
    const batch = fixtureJson('whatsapp_text.json');
    for (const file of ['whatsapp_image.json', 'whatsapp_location.json', 'whatsapp_status.json']) {
      batch.entry.push(...fixtureJson(file).entry);
    }
    const value = batch.entry[0].changes[0].value;
    value.messages.push({ ...value.messages[0], id: 'wamid.second', text: { body: 'second' } });
    batch.entry[0].changes.push({ field: 'account_update', value: { event: 'VERIFIED_ACCOUNT' } });
    const { messages, statuses } = parseWhatsappWebhook(Buffer.from(JSON.stringify(batch)));
    expect(messages.map((m) => m.raw_type)).toEqual(['text', 'text', 'image', 'location']);
    expect(messages[1]?.text).toBe('second');
    expect(statuses).toHaveLength(1);
  });

  it('falls back to the business-scoped user id when wa_id is empty', () => {
    const body = fixtureJson('whatsapp_text.json');
    Object.assign(body.entry[0].changes[0].value.messages[0], {
      from: '',
      from_user_id: 'US.13491208655302741918',
    });
    const [message] = parseWhatsappWebhook(Buffer.from(JSON.stringify(body))).messages;
    expect(message?.sender).toMatchObject({ identifier: 'US.13491208655302741918', phone: undefined });
  });
});

describe('WhatsApp statuses', () => {
  it('reads a sent status with its recipient', () => {
    expect(parse('whatsapp_status.json')).toEqual({
      messages: [],
      statuses: [
        {
          provider_message_id: 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA=',
          status: 'sent',
          timestamp: new Date(1750030073 * 1000),
          recipient: '+16505551234',
          error: undefined,
        },
      ],
    });
  });

  it('reads the v24 minimal status without conversation or pricing', () => {
    expect(parse('whatsapp_status_v24_minimal.json').statuses).toEqual([
      expect.objectContaining({ status: 'sent', provider_message_id: expect.stringMatching(/^wamid\./) }),
    ]);
  });

  it('carries the error code and message of a failed status', () => {
    const [status] = parse('whatsapp_status_failed.json').statuses;
    expect(status).toMatchObject({
      status: 'failed',
      error: {
        code: '131049',
        message: expect.stringContaining(
          'This message was not delivered to maintain healthy ecosystem engagement.',
        ),
      },
    });
  });

  it('treats played as read and ignores statuses it does not know', () => {
    const body = fixtureJson('whatsapp_status.json');
    const status = body.entry[0].changes[0].value.statuses[0];
    body.entry[0].changes[0].value.statuses = [
      { ...status, status: 'played' },
      { ...status, status: 'deleted' },
    ];
    const { statuses } = parseWhatsappWebhook(Buffer.from(JSON.stringify(body)));
    expect(statuses.map((s) => s.status)).toEqual(['read']);
  });
});

describe('WhatsApp customer-service window', () => {
  const last = new Date('2026-03-01T00:00:00Z');
  it.each([
    ['23 h 59 min', 23 * 60 + 59, true],
    ['exactly 24 h', 24 * 60, false],
    ['25 h', 25 * 60, false],
  ])('is %s after the last inbound message open: %s', (_, minutes, open) => {
    expect(isWindowOpen(last, new Date(last.getTime() + minutes * 60_000))).toBe(open);
  });

  it('is closed when we do not know when the customer last wrote', () => {
    expect(isWindowOpen(undefined, last)).toBe(false);
  });
});

describe('WhatsApp Cloud API calls', () => {
  let fake: FakeServer;
  const vectors = fixtureJson('whatsapp_send_message.json');
  const now = new Date('2026-03-01T12:00:00Z');
  const recent = new Date('2026-03-01T02:00:00Z');
  const credentials = {
    access_token: 'EAAG-token',
    phone_number_id: '106540352242922',
    business_account_id: '102290129340398',
    app_secret: 's',
    verify_token: 'v',
  };
  const path = '/v23.0/106540352242922/messages';
  const adapter = () =>
    createAdapters({ whatsappApiBase: `${fake.url}/v23.0`, clock: () => now, timeoutMs: 1000 }).whatsapp;
  const lastBody = () => JSON.parse(fake.requests.at(-1)?.body.toString('utf8') ?? '{}');
  const send = (message: object, context: { last_inbound_at?: Date } = { last_inbound_at: recent }) =>
    adapter().send({ credentials, to: '+16505551234', message, context });

  beforeAll(async () => {
    fake = await startFakeServer({ [`POST ${path}`]: () => ({ body: vectors.response_200 }) });
  });
  afterAll(() => fake.close());

  it('sends text with the bearer token in the documented body and returns the wamid', async () => {
    const result = await send({ text: 'text-message-content' });
    expect(result).toEqual({ provider_message_id: vectors.response_200.messages[0].id });
    const request = fake.requests.at(-1)!;
    expect(request.method).toBe('POST');
    expect(request.url).toBe(path);
    expect(request.headers.authorization).toBe('Bearer EAAG-token');
    expect(lastBody()).toEqual({ ...vectors.request_send_text, to: '16505551234' });
  });

  it('quotes the replied message through context', async () => {
    await send({ text: '<TEXT_MSG_CONTENT>', reply_to_provider_message_id: '<MSGID_OF_PREV_MSG>' });
    expect(lastBody()).toEqual({ ...vectors.request_reply_to_text, to: '16505551234' });
  });

  it('sends an image by link', async () => {
    await send({ attachments: [{ type: 'image', url: 'http(s)://image-url' }] });
    expect(lastBody()).toEqual({ ...vectors.request_send_image_by_url, to: '16505551234' });
  });

  it('sends reply buttons as an interactive message', async () => {
    await send({ text: 'Pick one', interactive: { buttons: [{ id: 'yes', title: 'Yes' }] } });
    expect(lastBody()).toMatchObject({
      type: 'interactive',
      interactive: {
        type: 'button',
        body: { text: 'Pick one' },
        action: { buttons: [{ type: 'reply', reply: { id: 'yes', title: 'Yes' } }] },
      },
    });
  });

  it.each([
    ['older than 24 hours', new Date('2026-02-28T12:00:00Z')],
    ['unknown', undefined],
  ])('refuses free-form text when the last inbound message is %s, without calling Meta', async (_, at) => {
    const before = fake.requests.length;
    const error = await send({ text: 'hello' }, { last_inbound_at: at }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'whatsapp_window_closed', retryable: false });
    expect((error as Error).message).toMatch(/template/);
    expect(fake.requests.length).toBe(before);
  });

  it('sends a template outside the window', async () => {
    const template = {
      name: 'order_update',
      language: 'en_US',
      components: [{ type: 'body', parameters: [] }],
    };
    await send({ template }, {});
    expect(lastBody()).toMatchObject({
      type: 'template',
      template: { name: 'order_update', language: { code: 'en_US' }, components: template.components },
    });
  });

  it.each([
    [429, { error: { message: 'Too many', code: 130429 } }, 'rate_limited', true],
    [503, { error: { message: 'Service unavailable', code: 131016 } }, 'provider_unavailable', true],
    [500, { error: { message: 'Unknown', code: 1, is_transient: true } }, 'provider_unavailable', true],
    [400, { error: { message: 'Re-engagement message', code: 131047 } }, 'whatsapp_window_closed', false],
    [400, { error: { message: 'Invalid parameter', code: 100 } }, 'rejected', false],
    [401, { error: { message: 'Invalid OAuth access token', code: 190 } }, 'unauthorized', false],
  ])('maps HTTP %i %j to %s', async (status, body, code, retryable) => {
    fake.on('POST', path, () => ({ status, body }));
    await expect(send({ text: 'x' })).rejects.toMatchObject({ code, retryable, providerStatus: status });
    fake.on('POST', path, () => ({ body: vectors.response_200 }));
  });

  it('verifies credentials by reading the phone number', async () => {
    fake.on('GET', '/v23.0/106540352242922', () => ({
      body: { display_phone_number: '15550783881', verified_name: 'Shop', id: '106540352242922' },
    }));
    expect(await adapter().verifyCredentials(credentials)).toEqual({
      ok: true,
      details: { display_phone_number: '15550783881', verified_name: 'Shop' },
    });
    expect(fake.requests.at(-1)?.headers.authorization).toBe('Bearer EAAG-token');
    fake.on('GET', '/v23.0/106540352242922', () => ({
      status: 401,
      body: { error: { code: 190, message: 'bad' } },
    }));
    expect(await adapter().verifyCredentials(credentials)).toMatchObject({ ok: false });
  });
});
