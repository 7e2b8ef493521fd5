import { outboxEvents } from '@turumba/platform/outbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PipelineHarness, startPipelineHarness, waitFor } from '../channels/test-harness';
import { messageById, seedConversation, seedOutboundMessage } from '../inbound/test-seed';

const BOT = '4440001:dispatch-bot';
const whatsapp = {
  access_token: 'wa-token',
  phone_number_id: 'PNID',
  business_account_id: 'b',
  app_secret: 's',
  verify_token: 'v',
};
const twilio = {
  provider: 'twilio',
  account_sid: 'ACdispatch',
  auth_token: 'tw-token',
  sender_number: '+15550001111',
};
const waPath = '/PNID/messages';
const twPath = '/2010-04-01/Accounts/ACdispatch/Messages.json';
const tgPath = `/bot${BOT}/sendMessage`;

let h: PipelineHarness;
let telegram: { id: string };
let wa: { id: string };
let sms: { id: string };
let customer = 0;

const calls = (path: string) => h.provider.requests.filter((r) => r.url === path);
const finalStatus = (id: string) =>
  waitFor(async () => {
    const row = await messageById(h, id);
    return row.status === 'sent' || row.status === 'failed' ? row : undefined;
  }, 'a final status');

async function queuedReply(
  channel: { id: string },
  type: 'telegram' | 'whatsapp' | 'sms',
  fields = {},
  lastInboundAt = new Date(),
) {
  customer++;
  const identifier =
    type === 'telegram' ? String(9000 + customer) : `+2519110${String(customer).padStart(5, '0')}`;
  const conversation = await seedConversation(h, { id: channel.id, type }, identifier, { lastInboundAt });
  return { conversation, message: await seedOutboundMessage(h, conversation, fields, true) };
}

async function eventsFor(messageId: string) {
  const rows = await h.db.select().from(outboxEvents);
  return rows.filter((r) => r.payload.data.message_id === messageId).map((r) => r.eventType);
}

beforeAll(async () => {
  h = await startPipelineHarness();
  h.provider.on('POST', `/bot${BOT}/setWebhook`, () => ({ body: { ok: true, result: true } }));
  telegram = await h.createChannel('telegram', { bot_token: BOT });
  wa = await h.createChannel('whatsapp', whatsapp);
  sms = await h.createChannel('sms', twilio);
});
afterAll(() => h.cleanup());

describe('dispatcher', () => {
  it('sends a queued agent reply and records the provider id, sent_at and conversation.message.sent', async () => {
    h.provider.on('POST', tgPath, ({ body }) => {
      const params = JSON.parse(body.toString('utf8'));
      return { body: { ok: true, result: { message_id: 501, chat: { id: params.chat_id }, date: 1 } } };
    });
    const { conversation, message } = await queuedReply(telegram, 'telegram');
    const sent = await finalStatus(message.id);
    expect(sent).toMatchObject({
      status: 'sent',
      providerMessageId: `${conversation.contactIdentifier}:501`,
      error: null,
    });
    expect(sent.sentAt).not.toBeNull();
    const request = JSON.parse(calls(tgPath).at(-1)!.body.toString('utf8'));
    expect(request).toMatchObject({
      chat_id: Number(conversation.contactIdentifier),
      text: 'Hello from support',
    });
    await waitFor(
      async () => (await eventsFor(message.id)).includes('conversation.message.sent'),
      'the sent event',
    );
  });

  it('waits out a 429 retry_after and then sends', async () => {
    let attempts = 0;
    const times: number[] = [];
    h.provider.on('POST', tgPath, () => {
      times.push(Date.now());
      attempts++;
      if (attempts === 1)
        return {
          status: 429,
          body: {
            ok: false,
            error_code: 429,
            description: 'Too Many Requests',
            parameters: { retry_after: 1 },
          },
        };
      return { body: { ok: true, result: { message_id: 502, chat: { id: 1 }, date: 1 } } };
    });
    const { message } = await queuedReply(telegram, 'telegram');
    expect((await finalStatus(message.id)).status).toBe('sent');
    expect(attempts).toBe(2);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(950);
  });

  it('retries a 5xx and then sends', async () => {
    let attempts = 0;
    h.provider.on('POST', waPath, () => {
      attempts++;
      if (attempts < 3) return { status: 503, body: { error: { message: 'Service unavailable', code: 2 } } };
      return { body: { messaging_product: 'whatsapp', messages: [{ id: 'wamid.sent-after-retry' }] } };
    });
    const { message } = await queuedReply(wa, 'whatsapp');
    expect(await finalStatus(message.id)).toMatchObject({
      status: 'sent',
      providerMessageId: 'wamid.sent-after-retry',
    });
    expect(attempts).toBe(3);
  });

  it('marks the message failed after the last attempt when the provider keeps failing', async () => {
    const before = calls(twPath).length;
    h.provider.on('POST', twPath, () => ({
      status: 500,
      body: { code: 20500, message: 'Internal Server Error' },
    }));
    const { message } = await queuedReply(sms, 'sms');
    const failed = await finalStatus(message.id);
    expect(failed).toMatchObject({
      status: 'failed',
      error: { code: 'provider_unavailable', provider_status: 500, retryable: false },
    });
    expect(calls(twPath).length - before).toBe(4);
    await waitFor(
      async () => (await eventsFor(message.id)).includes('conversation.message.status'),
      'the failed event',
    );
  });

  it('fails a 4xx at once with the provider error, without retrying', async () => {
    const before = calls(twPath).length;
    h.provider.on('POST', twPath, () => ({
      status: 400,
      body: { code: 21211, message: "The 'To' number is not valid." },
    }));
    const { message } = await queuedReply(sms, 'sms');
    const failed = await finalStatus(message.id);
    expect(failed.error).toMatchObject({ code: 'rejected', provider_status: 400, provider_code: 21211 });
    expect(calls(twPath).length - before).toBe(1);
    expect(JSON.stringify(failed.error)).not.toContain('tw-token');
  });

  it('refuses a free-form WhatsApp message outside the 24-hour window without calling Meta', async () => {
    const before = calls(waPath).length;
    const twoDaysAgo = new Date(Date.now() - 48 * 3600 * 1000);
    const { message } = await queuedReply(wa, 'whatsapp', {}, twoDaysAgo);
    expect((await finalStatus(message.id)).error).toMatchObject({ code: 'whatsapp_window_closed' });
    expect(calls(waPath).length).toBe(before);
  });

  it('sends a provider template outside the window', async () => {
    h.provider.on('POST', waPath, () => ({
      body: { messaging_product: 'whatsapp', messages: [{ id: 'wamid.template' }] },
    }));
    const twoDaysAgo = new Date(Date.now() - 48 * 3600 * 1000);
    const template = { name: 'order_update', language: 'en_US' };
    const { message } = await queuedReply(wa, 'whatsapp', { metadata: { template } }, twoDaysAgo);
    expect((await finalStatus(message.id)).status).toBe('sent');
    const body = JSON.parse(calls(waPath).at(-1)!.body.toString('utf8'));
    expect(body).toMatchObject({
      type: 'template',
      template: { name: 'order_update', language: { code: 'en_US' } },
    });
  });

  it('never sends a private note', async () => {
    h.provider.on('POST', tgPath, () => ({
      body: { ok: true, result: { message_id: 503, chat: { id: 1 }, date: 1 } },
    }));
    const before = h.provider.requests.length;
    const note = await queuedReply(telegram, 'telegram', {
      isPrivate: true,
      content: 'internal: refund approved',
    });
    const reply = await seedOutboundMessage(h, note.conversation, { content: 'after the note' }, true);
    await finalStatus(reply.id);
    expect((await messageById(h, note.message.id)).status).toBe('queued');
    const sent = h.provider.requests.slice(before).map((r) => r.body.toString('utf8'));
    expect(sent.some((body) => body.includes('refund approved'))).toBe(false);
    expect(sent.some((body) => body.includes('after the note'))).toBe(true);
  });

  it("keeps to the channel's rate limit", async () => {
    const limited = await h.createChannel(
      'whatsapp',
      { ...whatsapp, phone_number_id: 'LIMITED' },
      { settings: { rate_limit_per_second: 2 } },
    );
    const times: number[] = [];
    h.provider.on('POST', '/LIMITED/messages', () => {
      times.push(Date.now());
      return { body: { messaging_product: 'whatsapp', messages: [{ id: `wamid.rl-${times.length}` }] } };
    });
    const startedAt = Date.now();
    const sent = await Promise.all(Array.from({ length: 6 }, () => queuedReply(limited, 'whatsapp')));
    for (const { message } of sent) expect((await finalStatus(message.id)).status).toBe('sent');
    // 2 per one-second window: the last two sends cannot start before the third window.
    expect(times).toHaveLength(6);
    expect(Math.max(...times) - startedAt).toBeGreaterThan(1000);
  });
});
