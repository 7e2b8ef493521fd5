import { type FakeServer, startFakeServer } from '@turumba/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProviderError } from '../errors';
import { createAdapters } from '../index';
import { fixtureBytes, fixtureJson } from '../test-fixtures';
import { verifyTelegramSecret } from './index';
import { parseTelegramUpdate } from './parse';

const vectors = fixtureJson('telegram_protocol_vectors.json');
const now = new Date('2026-01-02T03:04:05Z');
const TOKEN = '123456:ABC-DEF_ghi';
const credentials = { bot_token: TOKEN, webhook_secret: 'My_Secret-Token_123' };

describe('Telegram webhook secret', () => {
  type HeaderCase = { configured: string; header: string | null; expect: string };
  // The invalid-configuration case is about setWebhook, tested below.
  const cases = (vectors.secret_token_header_cases_derived as HeaderCase[]).filter((c) =>
    /^[\w-]+$/.test(c.configured),
  );
  it.each(cases)(
    'header $header against $configured → $expect',
    ({ configured, header, expect: outcome }) => {
      const headers = header === null ? {} : { 'x-telegram-bot-api-secret-token': header };
      const result = verifyTelegramSecret(headers, configured);
      expect(result.ok).toBe(outcome.startsWith('accept'));
    },
  );

  it('rejects a secret with one character changed', () => {
    const result = verifyTelegramSecret(
      { 'x-telegram-bot-api-secret-token': 'My_Secret-Token_124' },
      'My_Secret-Token_123',
    );
    expect(result).toEqual({ ok: false, reason: 'secret token mismatch' });
  });

  it('rejects every request when the channel has no webhook_secret', async () => {
    const adapter = createAdapters().telegram;
    const result = await adapter.verifyWebhook({
      headers: { 'x-telegram-bot-api-secret-token': '' },
      rawBody: fixtureBytes('telegram_text_update.json'),
      url: 'https://example.com/v1/webhooks/telegram/1',
      credentials: { bot_token: TOKEN },
    });
    expect(result.ok).toBe(false);
  });

  it('accepts through the adapter whatever the body, since Telegram signs no body', async () => {
    const result = await createAdapters().telegram.verifyWebhook({
      headers: { 'X-Telegram-Bot-Api-Secret-Token': 'My_Secret-Token_123' },
      rawBody: fixtureBytes('telegram_text_update.json'),
      url: 'https://example.com/v1/webhooks/telegram/1',
      credentials,
    });
    expect(result).toEqual({ ok: true });
  });
});

describe('Telegram updates', () => {
  const parse = (file: string) => parseTelegramUpdate(fixtureBytes(file), now);

  it('parses a text message with a chat-scoped id and the update_id as event id', () => {
    const { messages, statuses } = parse('telegram_text_update.json');
    expect(statuses).toEqual([]);
    expect(messages).toEqual([
      {
        provider_message_id: '1111111:1365',
        provider_event_id: '10000',
        sender: {
          identifier: '1111111',
          display_name: 'Test Firstname Test Lastname',
          metadata: { chat_id: '1111111', username: 'Testusername', language_code: undefined },
        },
        text: '/start',
        attachments: [],
        timestamp: new Date(1441645532 * 1000),
        reply_to_provider_message_id: undefined,
        is_edit: undefined,
        raw_type: 'text',
      },
    ]);
  });

  it('links a reply to the replied message in the same chat', () => {
    const [message] = parse('telegram_reply_update.json').messages;
    expect(message?.reply_to_provider_message_id).toBe('1111111:1334');
  });

  it('marks an edited message as an edit of the same message id, stamped with edit_date', () => {
    const [message] = parse('telegram_edited_message_update.json').messages;
    expect(message).toMatchObject({
      provider_message_id: '1111111:1365',
      is_edit: true,
      text: 'Edited text',
      timestamp: new Date(1441646600 * 1000),
    });
  });

  it('keeps a document as a file reference to fetch later', () => {
    const [message] = parse('telegram_document_update.json').messages;
    expect(message?.raw_type).toBe('document');
    expect(message?.text).toBe('');
    expect(message?.attachments).toEqual([
      {
        type: 'document',
        provider_file_id: 'AwADBAADbXXXXXXXXXXXGBdhD2l6_XX',
        file_name: 'Testfile.pdf',
        mime_type: 'application/pdf',
        size: 536392,
        caption: undefined,
      },
    ]);
  });

  it('keeps a voice note as a voice attachment', () => {
    const [message] = parse('telegram_voice_update.json').messages;
    expect(message?.attachments).toEqual([
      expect.objectContaining({
        type: 'voice',
        mime_type: 'audio/ogg',
        size: 23000,
        provider_file_id: expect.any(String),
      }),
    ]);
  });

  it('turns a callback query into an interactive message from the presser, stamped now', () => {
    const [message] = parse('telegram_callback_query_update.json').messages;
    expect(message).toMatchObject({
      provider_message_id: 'callback:4382bfdwdsb323b2d9',
      provider_event_id: '10000',
      sender: { identifier: '1111111', display_name: 'Test Firstname Test Lastname' },
      text: 'Data from button callback',
      interactive: { type: 'callback_query', id: 'Data from button callback' },
      timestamp: now,
      raw_type: 'callback_query',
      metadata: { inline_message_id: '1234csdbsk4839' },
    });
  });

  it('uses the pressed button label as text when the keyboard is in the update', () => {
    const update = {
      update_id: 7,
      callback_query: {
        id: 'q1',
        from: { id: 5, first_name: 'Ann' },
        data: 'order:yes',
        message: {
          message_id: 40,
          date: 1,
          chat: { id: 5, type: 'private' },
          reply_markup: { inline_keyboard: [[{ text: 'Yes please', callback_data: 'order:yes' }]] },
        },
      },
    };
    const [message] = parseTelegramUpdate(Buffer.from(JSON.stringify(update)), now).messages;
    expect(message).toMatchObject({
      text: 'Yes please',
      interactive: { id: 'order:yes', title: 'Yes please' },
      reply_to_provider_message_id: '5:40',
    });
  });

  it('takes the largest photo size and its caption as the text', () => {
    const update = fixtureJson('telegram_text_update.json');
    delete update.message.text;
    update.message.caption = 'Broken screen';
    update.message.photo = [
      { file_id: 'small', file_size: 1000, width: 90, height: 90 },
      { file_id: 'large', file_size: 90000, width: 1280, height: 1280 },
    ];
    const [message] = parseTelegramUpdate(Buffer.from(JSON.stringify(update)), now).messages;
    expect(message?.text).toBe('Broken screen');
    expect(message?.raw_type).toBe('photo');
    expect(message?.attachments).toEqual([
      expect.objectContaining({
        type: 'image',
        provider_file_id: 'large',
        size: 90000,
        caption: 'Broken screen',
      }),
    ]);
  });

  it('ignores group messages and update kinds a support inbox does not handle', () => {
    const group = fixtureJson('telegram_text_update.json');
    group.message.chat.type = 'group';
    const poll = { update_id: 9, poll: { id: 'p' } };
    for (const update of [group, poll]) {
      expect(parseTelegramUpdate(Buffer.from(JSON.stringify(update)), now)).toEqual({
        messages: [],
        statuses: [],
      });
    }
  });

  it('throws on a body that is not an Update', () => {
    expect(() => parseTelegramUpdate(Buffer.from('not json'), now)).toThrow(/not JSON/);
    expect(() => parseTelegramUpdate(Buffer.from('{"message":{}}'), now)).toThrow(/telegram/);
  });
});

describe('Telegram Bot API calls', () => {
  let fake: FakeServer;
  const adapters = () => createAdapters({ telegramApiBase: fake.url, clock: () => now, timeoutMs: 500 });
  const sendPath = `/bot${TOKEN}/sendMessage`;
  const lastBody = () => JSON.parse(fake.requests.at(-1)?.body.toString('utf8') ?? '{}');

  beforeAll(async () => {
    fake = await startFakeServer();
  });
  afterAll(() => fake.close());

  it('sends a reply with sendMessage and returns the chat-scoped message id', async () => {
    fake.on('POST', sendPath, () => ({ body: vectors.sendMessage_success_response_shape_constructed }));
    const result = await adapters().telegram.send({
      credentials,
      to: '1111111',
      message: { text: 'Hi! An agent will reply shortly.', reply_to_provider_message_id: '1111111:1365' },
    });
    expect(result).toEqual({ provider_message_id: '1111111:1366' });
    const request = fake.requests.at(-1)!;
    expect(request.method).toBe('POST');
    expect(request.url).toBe(sendPath);
    expect(request.headers['content-type']).toBe('application/json');
    expect(lastBody()).toMatchObject(vectors.sendMessage_request_constructed.json);
  });

  it('sends one image with the text as caption and buttons as an inline keyboard', async () => {
    fake.on('POST', `/bot${TOKEN}/sendPhoto`, () => ({
      body: { ok: true, result: { message_id: 9, chat: { id: 5 } } },
    }));
    const result = await adapters().telegram.send({
      credentials,
      to: '5',
      message: {
        text: 'Which one?',
        attachments: [{ type: 'image', url: 'https://cdn.example.com/a.jpg' }],
        interactive: { buttons: [{ id: 'a', title: 'A' }] },
      },
    });
    expect(result.provider_message_id).toBe('5:9');
    expect(lastBody()).toEqual({
      chat_id: 5,
      photo: 'https://cdn.example.com/a.jpg',
      caption: 'Which one?',
      reply_markup: { inline_keyboard: [[{ text: 'A', callback_data: 'a' }]] },
    });
  });

  it('maps 429 with parameters.retry_after to a retryable error that honours it', async () => {
    fake.on('POST', sendPath, () => ({ status: 429, body: vectors.error_response_shape }));
    const error = await adapters()
      .telegram.send({ credentials, to: '1', message: { text: 'x' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({
      code: 'rate_limited',
      retryable: true,
      retryAfterSeconds: 5,
      providerStatus: 429,
    });
  });

  it.each([
    [500, 'provider_unavailable', true],
    [502, 'provider_unavailable', true],
    [400, 'rejected', false],
    [401, 'unauthorized', false],
    [403, 'rejected', false],
  ])('maps HTTP %i to %s (retryable: %s)', async (status, code, retryable) => {
    fake.on('POST', sendPath, () => ({
      status,
      body: { ok: false, error_code: status, description: 'nope' },
    }));
    const error = await adapters()
      .telegram.send({ credentials, to: '1', message: { text: 'x' } })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code, retryable, providerStatus: status });
  });

  it('maps a timeout and an unreachable host to retryable errors', async () => {
    fake.on('POST', sendPath, () => new Promise((resolve) => setTimeout(() => resolve({ body: {} }), 2000)));
    const timeout = await adapters()
      .telegram.send({ credentials, to: '1', message: { text: 'x' } })
      .catch((e: unknown) => e);
    expect(timeout).toMatchObject({ code: 'timeout', retryable: true });

    const closed = await startFakeServer();
    await closed.close();
    const unreachable = await createAdapters({ telegramApiBase: closed.url })
      .telegram.send({ credentials, to: '1', message: { text: 'x' } })
      .catch((e: unknown) => e);
    expect(unreachable).toMatchObject({ code: 'network_error', retryable: true });
  });

  it('refuses before any call a message with no text, a template, or two attachments', async () => {
    const before = fake.requests.length;
    const image = { type: 'image' as const, url: 'https://x/y.jpg' };
    for (const message of [
      {},
      { text: 'x', template: { name: 't', language: 'en' } },
      { attachments: [image, image] },
    ]) {
      await expect(adapters().telegram.send({ credentials, to: '1', message })).rejects.toMatchObject({
        retryable: false,
      });
    }
    expect(fake.requests.length).toBe(before);
  });

  it('registers the webhook with the secret token and the updates we handle', async () => {
    fake.on('POST', `/bot${TOKEN}/setWebhook`, () => ({ body: { ok: true, result: true } }));
    const { url, secret_token } = vectors.setWebhook_request_constructed.json;
    await adapters().telegram.registerWebhook?.(credentials, url, secret_token);
    expect(fake.requests.at(-1)?.url).toBe(`/bot${TOKEN}/setWebhook`);
    expect(lastBody()).toEqual(vectors.setWebhook_request_constructed.json);
  });

  it('refuses to register a secret token Telegram does not allow', async () => {
    await expect(
      adapters().telegram.registerWebhook?.(credentials, 'https://example.com/hook', 'bad token!'),
    ).rejects.toMatchObject({ code: 'invalid_credentials', retryable: false });
  });

  it('verifies credentials with getMe', async () => {
    fake.on('GET', `/bot${TOKEN}/getMe`, () => ({
      body: { ok: true, result: { id: 42, is_bot: true, username: 'sup_bot' } },
    }));
    expect(await adapters().telegram.verifyCredentials(credentials)).toEqual({
      ok: true,
      details: { id: 42, username: 'sup_bot' },
    });
    fake.on('GET', `/bot${TOKEN}/getMe`, () => ({
      status: 401,
      body: { ok: false, error_code: 401, description: 'Unauthorized' },
    }));
    expect(await adapters().telegram.verifyCredentials(credentials)).toMatchObject({ ok: false });
    expect(await adapters().telegram.verifyCredentials({ bot_token: 'not-a-token' })).toMatchObject({
      ok: false,
    });
  });
});
