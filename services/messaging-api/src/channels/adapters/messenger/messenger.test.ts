import { type FakeServer, startFakeServer } from '@turumba/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapters } from '../index';
import { fixtureBytes, fixtureJson } from '../test-fixtures';
import { parseMessengerWebhook } from './parse';

/** Meta documents single events without the envelope; the webhook always wraps them. */
function envelope(...events: unknown[]): Buffer {
  return Buffer.from(
    JSON.stringify({ object: 'page', entry: [{ id: '<PAGE_ID>', time: 1, messaging: events }] }),
  );
}
const event = (file: string) => fixtureJson(file);
const now = new Date('2026-03-10T12:00:00Z');

describe('Messenger inbound events', () => {
  it('parses a text message of the full envelope with its commands', () => {
    const { messages, statuses } = parseMessengerWebhook(fixtureBytes('messenger_text.json'), now);
    expect(statuses).toEqual([]);
    expect(messages).toEqual([
      {
        provider_message_id: 'm_3vs...',
        provider_event_id: 'm_3vs...',
        sender: { identifier: '<PSID>', metadata: { page_id: '<PAGE_ID>' } },
        text: 'find flights from SFO to LAX next Thursday',
        attachments: [],
        timestamp: new Date(1697643027400),
        reply_to_provider_message_id: undefined,
        interactive: undefined,
        raw_type: 'text',
        metadata: { commands: ['flights'] },
      },
    ]);
  });

  it('reads a quick reply as interactive data', () => {
    const [message] = parseMessengerWebhook(envelope(event('messenger_text_event.json')), now).messages;
    expect(message).toMatchObject({
      provider_message_id: 'mid.1457764197618:41d102a3e1ae206a38',
      text: 'hello, world!',
      interactive: { type: 'quick_reply', id: '<DEVELOPER_DEFINED_PAYLOAD>', title: 'hello, world!' },
      timestamp: new Date(1458692752478),
    });
  });

  it('links a reply to the replied mid', () => {
    const [message] = parseMessengerWebhook(envelope(event('messenger_reply_event.json')), now).messages;
    expect(message?.reply_to_provider_message_id).toBe('m_1fTq8oLumEyIp3Q2MR-aY7IfLZDamVrALniheU');
  });

  it('keeps a shared link (fallback attachment) with its URL and title beside the text', () => {
    const [message] = parseMessengerWebhook(fixtureBytes('messenger_fallback_link.json'), now).messages;
    expect(message?.text).toBe('This is where I want to go: https://youtu.be/bbo_fZAjIhg');
    expect(message?.attachments).toEqual([
      { type: 'other', url: '<ATTACHMENT_URL >', caption: 'TAHITI - Heaven on Earth' },
    ]);
  });

  it.each([
    ['image', 'image'],
    ['video', 'video'],
    ['audio', 'audio'],
    ['file', 'document'],
    ['sticker', 'sticker'],
    ['reel', 'video'],
    ['ig_reel', 'video'],
    ['<image|video|audio|file|sticker|reel|ig_reel>', 'other'],
  ])('maps an entry-level %s attachment to %s', (providerType, type) => {
    const entry = fixtureJson('messenger_attachment_entry.json');
    entry.messaging[0].message.attachments[0].type = providerType;
    const body = Buffer.from(JSON.stringify({ object: 'page', entry: [entry] }));
    const [message] = parseMessengerWebhook(body, now).messages;
    expect(message).toMatchObject({ provider_message_id: 'mid.$cAAJdkrCd2ORnva8ErFhjGm0X_Q_c', text: '' });
    expect(message?.attachments).toEqual([{ type, url: '<ATTACHMENT_URL>', caption: undefined }]);
  });

  it('drops echoes of our own messages', () => {
    const echo = { ...event('messenger_text_event.json') };
    echo.message = { ...echo.message, is_echo: true };
    expect(parseMessengerWebhook(envelope(echo), now)).toEqual({ messages: [], statuses: [] });
  });

  it('turns a postback into an interactive message', () => {
    const postback = {
      sender: { id: 'P' },
      recipient: { id: 'G' },
      timestamp: 5,
      postback: { mid: 'm1', title: 'Talk to a human', payload: 'HUMAN' },
    };
    const [message] = parseMessengerWebhook(envelope(postback), now).messages;
    expect(message).toMatchObject({
      text: 'Talk to a human',
      interactive: { type: 'postback', id: 'HUMAN' },
    });
  });
});

describe('Messenger receipts', () => {
  it('marks each listed mid delivered and reports the watermark for the customer', () => {
    const { statuses, messages } = parseMessengerWebhook(
      envelope(event('messenger_delivery_event.json')),
      now,
    );
    const at = new Date(1458668856253);
    expect(messages).toEqual([]);
    expect(statuses).toEqual([
      {
        provider_message_id: 'mid.1458668856218:ed81099e15d3f4f233',
        status: 'delivered',
        timestamp: at,
        recipient: '<PSID>',
      },
      { status: 'delivered', watermark: at, timestamp: at, recipient: '<PSID>' },
    ]);
  });

  it('reports a read receipt as a watermark only', () => {
    const { statuses } = parseMessengerWebhook(envelope(event('messenger_read_event.json')), now);
    expect(statuses).toEqual([
      {
        status: 'read',
        watermark: new Date(1458668856253),
        timestamp: new Date(1458668856463),
        recipient: '<PSID>',
      },
    ]);
  });

  it('processes every event of every entry in one webhook', () => {
    const body = Buffer.from(
      JSON.stringify({
        object: 'page',
        entry: [
          { id: 'a', messaging: [event('messenger_text_event.json'), event('messenger_read_event.json')] },
          { id: 'b', messaging: [event('messenger_reply_event.json')] },
        ],
      }),
    );
    const { messages, statuses } = parseMessengerWebhook(body, now);
    expect(messages).toHaveLength(2);
    expect(statuses).toHaveLength(1);
  });
});

describe('Messenger Send API', () => {
  let fake: FakeServer;
  const vectors = fixtureJson('messenger_send_api.json');
  const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);
  const credentials = {
    page_access_token: 'PAGE-TOKEN',
    page_id: '1234',
    app_secret: 's',
    verify_token: 'v',
  };
  const path = '/v23.0/1234/messages';
  const adapter = () => createAdapters({ messengerApiBase: `${fake.url}/v23.0`, clock: () => now }).messenger;
  const lastBody = () => JSON.parse(fake.requests.at(-1)?.body.toString('utf8') ?? '{}');

  beforeAll(async () => {
    fake = await startFakeServer({ [`POST ${path}`]: () => ({ body: vectors.response_200 }) });
  });
  afterAll(() => fake.close());

  it('sends a RESPONSE to the PSID with the page token and returns message_id', async () => {
    const result = await adapter().send({
      credentials,
      to: '<PSID>',
      message: { text: 'hello, world' },
      context: { last_inbound_at: hoursAgo(1) },
    });
    expect(result).toEqual({ provider_message_id: 'AG5Hz2U...' });
    const request = fake.requests.at(-1)!;
    expect(request.method).toBe('POST');
    expect(request.url).toBe(path);
    expect(request.headers.authorization).toBe('Bearer PAGE-TOKEN');
    expect(lastBody()).toEqual(vectors.request_json_equivalent_constructed);
  });

  it('tags a reply with HUMAN_AGENT between 24 hours and 7 days after the last message', async () => {
    await adapter().send({
      credentials,
      to: 'P',
      message: { text: 'late' },
      context: { last_inbound_at: hoursAgo(30) },
    });
    expect(lastBody()).toMatchObject({ messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' });
  });

  it('refuses a reply more than 7 days after the last message', async () => {
    const send = adapter().send({
      credentials,
      to: 'P',
      message: { text: 'x' },
      context: { last_inbound_at: hoursAgo(200) },
    });
    await expect(send).rejects.toMatchObject({ code: 'messenger_window_closed', retryable: false });
  });

  it('sends an attachment by URL and quick replies for buttons', async () => {
    await adapter().send({
      credentials,
      to: 'P',
      message: { attachments: [{ type: 'document', url: 'https://x/a.pdf' }] },
    });
    expect(lastBody().message).toEqual({
      attachment: { type: 'file', payload: { url: 'https://x/a.pdf', is_reusable: true } },
    });
    await adapter().send({
      credentials,
      to: 'P',
      message: { text: 'Ok?', interactive: { buttons: [{ id: 'Y', title: 'Yes' }] } },
    });
    expect(lastBody().message).toEqual({
      text: 'Ok?',
      quick_replies: [{ content_type: 'text', title: 'Yes', payload: 'Y' }],
    });
  });

  it('refuses text with an attachment, which the Send API cannot carry in one message', async () => {
    const message = { text: 'see', attachments: [{ type: 'image' as const, url: 'https://x/a.png' }] };
    await expect(adapter().send({ credentials, to: 'P', message })).rejects.toMatchObject({
      code: 'unsupported_message',
    });
  });

  it.each([
    [
      429,
      { error: { message: 'Calls to this api have exceeded the rate limit.', code: 613 } },
      'rate_limited',
      true,
    ],
    [500, { error: { message: 'An unknown error occurred', code: 1 } }, 'provider_unavailable', true],
    [
      400,
      { error: { message: 'outside of allowed window', code: 10, error_subcode: 2018278 } },
      'messenger_window_closed',
      false,
    ],
    [
      400,
      { error: { message: 'No matching user found', code: 100, error_subcode: 2018001 } },
      'rejected',
      false,
    ],
  ])('maps HTTP %i %j to %s', async (status, body, code, retryable) => {
    fake.on('POST', path, () => ({ status, body }));
    await expect(adapter().send({ credentials, to: 'P', message: { text: 'x' } })).rejects.toMatchObject({
      code,
      retryable,
    });
    fake.on('POST', path, () => ({ body: vectors.response_200 }));
  });

  it('verifies credentials with /me and insists the token is this page’s', async () => {
    fake.on('GET', '/v23.0/me', () => ({ body: { id: '1234', name: 'Shop' } }));
    expect(await adapter().verifyCredentials(credentials)).toEqual({
      ok: true,
      details: { id: '1234', name: 'Shop' },
    });
    expect(fake.requests.at(-1)?.headers.authorization).toBe('Bearer PAGE-TOKEN');
    fake.on('GET', '/v23.0/me', () => ({ body: { id: '999', name: 'Other' } }));
    expect(await adapter().verifyCredentials(credentials)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('999'),
    });
  });
});
