import { type FakeServer, startFakeServer } from '@turumba/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapters } from '../index';
import { fixtureJson, formFixture } from '../test-fixtures';
import { parseTwilioWebhook } from './parse';

const now = new Date('2026-04-01T08:00:00Z');
const parse = (file: string) => parseTwilioWebhook(formFixture(file), now);

describe('Twilio inbound messages', () => {
  it('parses an inbound SMS keyed by MessageSid, stamped on arrival', () => {
    const { messages, statuses } = parse('twilio_sms.form');
    const fields = fixtureJson('twilio_sms.json').body_fields;
    expect(statuses).toEqual([]);
    expect(messages).toEqual([
      {
        provider_message_id: fields.MessageSid,
        provider_event_id: fields.MessageSid,
        sender: {
          identifier: '+15017122661',
          display_name: undefined,
          phone: '+15017122661',
          metadata: { channel: 'sms', wa_id: undefined, city: 'SAN FRANCISCO', state: 'CA', country: 'US' },
        },
        text: 'Ahoy',
        attachments: [],
        timestamp: now,
        reply_to_provider_message_id: undefined,
        raw_type: 'text',
        metadata: { to: '+15558675310', account_sid: 'ACbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' },
      },
    ]);
  });

  it('reads the same fields as the JSON rendering of the plugin payload', () => {
    const fields = fixtureJson('twilio_sms.json').body_fields;
    expect(Object.fromEntries(new URLSearchParams(formFixture('twilio_sms.form').toString('utf8')))).toEqual(
      fields,
    );
  });

  it('lists MediaUrl0..N with their content types', () => {
    const [message] = parse('twilio_whatsapp_image.form').messages;
    expect(message).toMatchObject({
      provider_message_id: 'MM21151abfaadc1fb79b782f8460862a52',
      sender: { identifier: '+31612345678', metadata: { channel: 'whatsapp' } },
      text: '',
      raw_type: 'media',
    });
    expect(message?.attachments).toEqual([
      {
        type: 'image',
        mime_type: 'image/jpeg',
        url: 'https://api.twilio.com/2010-04-01/Accounts/AC1a03647d811fab342c0ad608e382fab2/Messages/MM21151abfaadc1fb79b782f8460862a52/Media/ME5f0afa2336bd0f73ca553fb5a2e3150bc',
      },
    ]);
  });

  it('reads several media items', () => {
    const form = new URLSearchParams({
      MessageSid: 'MM1',
      From: '+1555',
      Body: 'two files',
      NumMedia: '2',
      MediaUrl0: 'https://m/0',
      MediaContentType0: 'application/pdf',
      MediaUrl1: 'https://m/1',
      MediaContentType1: 'video/mp4',
      SmsStatus: 'received',
    });
    const [message] = parseTwilioWebhook(Buffer.from(form.toString()), now).messages;
    expect(message?.attachments.map((a) => a.type)).toEqual(['document', 'video']);
  });

  it('keeps a WhatsApp location shared through Twilio', () => {
    const [message] = parse('twilio_whatsapp_location.form').messages;
    expect(message?.raw_type).toBe('location');
    expect(message?.attachments).toEqual([
      {
        type: 'location',
        latitude: 52.303897857666016,
        longitude: 4.750025749206543,
        caption: 'Microsoft, Evert van de Beekstraat 354, Schiphol, North Holland 1118 CZ',
      },
    ]);
  });
});

describe('Twilio status callbacks', () => {
  it.each([
    ['twilio_status_sent.form', 'SM0cec4ed334e74bcbb64eb8b6684e9654', 'sent'],
    ['twilio_status_delivered.form', 'SMdf55df64a2ff4920bb0748193cfbb640', 'delivered'],
  ])('reads %s (%s) as a %s receipt', (file, sid, status) => {
    expect(parse(file)).toEqual({
      messages: [],
      statuses: [
        { provider_message_id: sid, status, timestamp: now, recipient: '+31612345678', error: undefined },
      ],
    });
  });

  it.each([
    ['undelivered', '30003', 'failed'],
    ['failed', '30008', 'failed'],
    ['read', '', 'read'],
  ])('maps MessageStatus=%s (ErrorCode %s) to %s', (MessageStatus, ErrorCode, status) => {
    const form = new URLSearchParams({ MessageSid: 'SM1', MessageStatus, ErrorCode, To: '+1555' });
    const [update] = parseTwilioWebhook(Buffer.from(form.toString()), now).statuses;
    expect(update?.status).toBe(status);
    expect(update?.error).toEqual(
      ErrorCode ? { code: ErrorCode, message: `Twilio error ${ErrorCode}` } : undefined,
    );
  });

  it('needs no receipt for queued, our own sending state', () => {
    const form = new URLSearchParams({ MessageSid: 'SM1', MessageStatus: 'queued' });
    expect(parseTwilioWebhook(Buffer.from(form.toString()), now)).toEqual({ messages: [], statuses: [] });
  });
});

describe('Twilio Messages API', () => {
  let fake: FakeServer;
  const send = fixtureJson('twilio_send_message.json');
  const credentials = {
    provider: 'twilio',
    account_sid: 'ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    auth_token: 'secret-token',
    sender_number: '+15017122661',
  };
  const path = '/2010-04-01/Accounts/ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Messages.json';
  const adapter = () => createAdapters({ twilioApiBase: fake.url, clock: () => now }).sms;
  const lastForm = () => new URLSearchParams(fake.requests.at(-1)?.body.toString('utf8'));
  const basic = `Basic ${Buffer.from('ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa:secret-token').toString('base64')}`;

  beforeAll(async () => {
    fake = await startFakeServer({
      [`POST ${path}`]: () => ({ status: 201, body: send.response_body_verbatim_from_sdk_test }),
    });
  });
  afterAll(() => fake.close());

  it('posts the documented form with Basic auth and returns the message sid', async () => {
    const result = await adapter().send({
      credentials,
      to: '+14155552345',
      message: { text: 'Ahoy' },
      context: { status_callback_url: 'https://example.com/twilio/status' },
    });
    expect(result).toEqual({ provider_message_id: 'SMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' });
    const request = fake.requests.at(-1)!;
    expect(request.method).toBe('POST');
    expect(request.url).toBe(path);
    expect(request.headers.authorization).toBe(basic);
    expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request.body.toString('utf8')).toBe(send.request_form_example_constructed);
  });

  it('repeats MediaUrl per attachment and numbers buttons in the body', async () => {
    await adapter().send({
      credentials,
      to: '+1555',
      message: {
        text: 'Pick',
        attachments: [
          { type: 'image', url: 'https://m/a.png' },
          { type: 'document', url: 'https://m/b.pdf' },
        ],
        interactive: {
          buttons: [
            { id: 'y', title: 'Yes' },
            { id: 'n', title: 'No' },
          ],
        },
      },
    });
    expect(lastForm().getAll('MediaUrl')).toEqual(['https://m/a.png', 'https://m/b.pdf']);
    expect(lastForm().get('Body')).toBe('Pick\n\n1. Yes\n2. No');
  });

  it('prefixes the recipient for a WhatsApp sender and uses MessagingServiceSid for an MG sender', async () => {
    await adapter().send({
      credentials: { ...credentials, sender_number: 'whatsapp:+14123456789' },
      to: '+31612345678',
      message: { text: 'hi' },
    });
    expect(lastForm().get('To')).toBe('whatsapp:+31612345678');
    const mg = 'MGaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
    await adapter().send({
      credentials: { ...credentials, sender_number: mg },
      to: '+1555',
      message: { text: 'hi' },
    });
    expect(lastForm().get('MessagingServiceSid')).toBe(mg);
    expect(lastForm().get('From')).toBeNull();
  });

  it.each([
    [429, { code: 20429, message: 'Too Many Requests', status: 429 }, 'rate_limited', true],
    [503, { code: 20503, message: 'Service unavailable', status: 503 }, 'provider_unavailable', true],
    [
      400,
      { code: 21211, message: "The 'To' number is not a valid phone number.", status: 400 },
      'rejected',
      false,
    ],
    [401, { code: 20003, message: 'Authenticate', status: 401 }, 'unauthorized', false],
  ])('maps HTTP %i %j to %s', async (status, body, code, retryable) => {
    const headers: Record<string, string> = status === 429 ? { 'retry-after': '7' } : {};
    fake.on('POST', path, () => ({ status, body, headers }));
    const error = await adapter()
      .send({ credentials, to: '+1', message: { text: 'x' } })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code, retryable, providerCode: body.code });
    if (status === 429) expect(error).toMatchObject({ retryAfterSeconds: 7 });
    fake.on('POST', path, () => ({ status: 201, body: send.response_body_verbatim_from_sdk_test }));
  });

  it('verifies credentials by reading the account', async () => {
    const accountPath = '/2010-04-01/Accounts/ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.json';
    fake.on('GET', accountPath, () => ({
      body: { sid: credentials.account_sid, status: 'active', friendly_name: 'Shop' },
    }));
    expect(await adapter().verifyCredentials(credentials)).toEqual({
      ok: true,
      details: { status: 'active', friendly_name: 'Shop' },
    });
    expect(fake.requests.at(-1)?.headers.authorization).toBe(basic);
    fake.on('GET', accountPath, () => ({ body: { status: 'suspended' } }));
    expect(await adapter().verifyCredentials(credentials)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('suspended'),
    });
    fake.on('GET', accountPath, () => ({ status: 401, body: { code: 20003, message: 'Authenticate' } }));
    expect(await adapter().verifyCredentials(credentials)).toMatchObject({ ok: false });
  });
});
