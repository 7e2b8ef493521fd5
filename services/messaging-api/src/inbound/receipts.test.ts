import { outboxEvents } from '@turumba/platform/outbox';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureBytes, fixtureJson, formFixture } from '../channels/adapters/test-fixtures';
import { type PipelineHarness, startPipelineHarness, waitFor } from '../channels/test-harness';
import { inboundEvents } from '../webhooks/tables';
import { sign, webhookPath } from '../webhooks/test-signing';
import { messageById, seedConversation, seedOutboundMessage } from './test-seed';

const secret = 'test_app_secret_123';
const SENT_ID = 'wamid.HBgLMTY1MDM4Nzk0MzkVAgASGBQzQUFERjg0NDEzNDdFODU3MUMxMAA=';
const FAILED_ID = 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBI0QUQ2MjA4NEYyRkExNjMyREUA';

let h: PipelineHarness;
let whatsapp: { id: string; webhook_url: string };

function whatsappStatus(status: string, id = SENT_ID): Buffer {
  const body = fixtureJson('whatsapp_status.json');
  const entry = body.entry[0].changes[0].value.statuses[0];
  Object.assign(entry, { status, id });
  return Buffer.from(JSON.stringify(body));
}

async function postWhatsapp(body: Buffer) {
  const response = await h.postWebhook(webhookPath(whatsapp.webhook_url), body, sign.meta(secret, body));
  expect(response.statusCode).toBe(200);
}

async function processedEvents(channelId: string) {
  const rows = await h.db.select().from(inboundEvents).where(eq(inboundEvents.channelId, channelId));
  return rows.length > 0 && rows.every((r) => r.status !== 'received') ? rows : undefined;
}

async function statusEvents(messageId: string) {
  const rows = await h.db
    .select()
    .from(outboxEvents)
    .where(eq(outboxEvents.eventType, 'conversation.message.status'));
  return rows.filter((r) => r.payload.data.message_id === messageId).map((r) => r.payload.data.status);
}

beforeAll(async () => {
  h = await startPipelineHarness();
  whatsapp = await h.createChannel('whatsapp', {
    access_token: 'a',
    phone_number_id: 'p',
    business_account_id: 'b',
    app_secret: secret,
    verify_token: 'v',
  });
});
afterAll(() => h.cleanup());

describe('delivery receipts', () => {
  it('move an outbound message forward only, stamping each stage once', async () => {
    const conversation = await seedConversation(h, { id: whatsapp.id, type: 'whatsapp' }, '+16505551234');
    const message = await seedOutboundMessage(h, conversation, {
      status: 'sent',
      providerMessageId: SENT_ID,
      sentAt: new Date(),
    });
    await postWhatsapp(whatsappStatus('delivered'));
    await waitFor(async () => (await messageById(h, message.id)).status === 'delivered', 'delivered');
    await postWhatsapp(fixtureBytes('whatsapp_status.json')); // a late "sent"
    await postWhatsapp(fixtureBytes('whatsapp_status_v24_minimal.json')); // and its minimal v24 form
    await postWhatsapp(whatsappStatus('read'));
    const read = await waitFor(async () => {
      const row = await messageById(h, message.id);
      return row.status === 'read' ? row : undefined;
    }, 'read');
    await waitFor(() => processedEvents(whatsapp.id), 'all receipts processed');
    expect((await messageById(h, message.id)).status).toBe('read');
    expect(read.sentAt).toEqual(message.sentAt);
    expect(read.deliveredAt).not.toBeNull();
    expect(read.readAt).not.toBeNull();
    expect(await statusEvents(message.id)).toEqual(['delivered', 'read']);
  });

  it('marks a message failed with the provider error, and failed stays failed', async () => {
    const conversation = await seedConversation(h, { id: whatsapp.id, type: 'whatsapp' }, '+16505550002');
    const message = await seedOutboundMessage(h, conversation, {
      status: 'sent',
      providerMessageId: FAILED_ID,
      sentAt: new Date(),
    });
    await postWhatsapp(fixtureBytes('whatsapp_status_failed.json'));
    const failed = await waitFor(async () => {
      const row = await messageById(h, message.id);
      return row.status === 'failed' ? row : undefined;
    }, 'failed');
    expect(failed.error).toMatchObject({ code: '131049', source: 'provider_receipt' });
    await postWhatsapp(whatsappStatus('delivered', FAILED_ID));
    await waitFor(() => processedEvents(whatsapp.id), 'receipts processed');
    expect((await messageById(h, message.id)).status).toBe('failed');
  });

  it('applies a receipt that arrives before the send it confirms is recorded', async () => {
    const conversation = await seedConversation(h, { id: whatsapp.id, type: 'whatsapp' }, '+16505550003');
    const early = 'wamid.EARLY-RECEIPT';
    await postWhatsapp(whatsappStatus('delivered', early));
    await waitFor(async () => {
      const rows = await h.db.select().from(inboundEvents).where(eq(inboundEvents.channelId, whatsapp.id));
      return rows.some((r) => r.rawBody.includes(early) && r.attempts > 0);
    }, 'a first attempt that finds no message');
    const message = await seedOutboundMessage(h, conversation, {
      status: 'sent',
      providerMessageId: early,
      sentAt: new Date(),
    });
    await waitFor(
      async () => (await messageById(h, message.id)).status === 'delivered',
      'the early receipt applied',
    );
  });

  it('applies Twilio status callbacks', async () => {
    const sms = await h.createChannel('sms', {
      provider: 'twilio',
      account_sid: 'AC1',
      auth_token: '12345',
      sender_number: '+1',
    });
    const conversation = await seedConversation(h, { id: sms.id, type: 'sms' }, '+31612345678');
    const message = await seedOutboundMessage(h, conversation, {
      status: 'sending',
      providerMessageId: 'SMdf55df64a2ff4920bb0748193cfbb640',
    });
    const sentMessage = await seedOutboundMessage(h, conversation, {
      status: 'sending',
      providerMessageId: 'SM0cec4ed334e74bcbb64eb8b6684e9654',
    });
    const path = webhookPath(sms.webhook_url);
    for (const file of ['twilio_status_sent.form', 'twilio_status_delivered.form']) {
      const body = formFixture(file);
      expect((await h.postWebhook(path, body, sign.twilio('12345', path, body))).statusCode).toBe(200);
    }
    await waitFor(async () => (await messageById(h, sentMessage.id)).status === 'sent', 'sent by callback');
    const row = await waitFor(async () => {
      const current = await messageById(h, message.id);
      return current.status === 'delivered' ? current : undefined;
    }, 'delivered');
    expect(row.sentAt).not.toBeNull();
  });

  it('applies a Messenger read watermark to every earlier outbound message of that customer', async () => {
    const messenger = await h.createChannel('messenger', {
      page_access_token: 't',
      page_id: '<PAGE_ID>',
      app_secret: secret,
      verify_token: 'v',
    });
    const conversation = await seedConversation(h, { id: messenger.id, type: 'messenger' }, '<PSID>');
    const watermark = 1458668856253;
    const before = [1, 2].map((n) => new Date(watermark - n * 1000));
    const older = await Promise.all(
      before.map((sentAt, n) =>
        seedOutboundMessage(h, conversation, { status: 'sent', providerMessageId: `m${n}`, sentAt }),
      ),
    );
    const later = await seedOutboundMessage(h, conversation, {
      status: 'sent',
      providerMessageId: 'm-later',
      sentAt: new Date(watermark + 5000),
    });
    const delivered = await seedOutboundMessage(h, conversation, {
      status: 'sent',
      providerMessageId: 'mid.1458668856218:ed81099e15d3f4f233',
      sentAt: new Date(watermark - 10_000),
    });
    const events = [fixtureJson('messenger_delivery_event.json'), fixtureJson('messenger_read_event.json')];
    const body = Buffer.from(
      JSON.stringify({ object: 'page', entry: [{ id: '<PAGE_ID>', time: 1, messaging: events }] }),
    );
    const path = webhookPath(messenger.webhook_url);
    expect((await h.postWebhook(path, body, sign.meta(secret, body))).statusCode).toBe(200);
    for (const message of [...older, delivered]) {
      await waitFor(async () => (await messageById(h, message.id)).status === 'read', 'read by watermark');
    }
    await waitFor(() => processedEvents(messenger.id), 'processed');
    expect((await messageById(h, later.id)).status).toBe('sent');
    const [event] = await h.db
      .select()
      .from(inboundEvents)
      .where(and(eq(inboundEvents.channelId, messenger.id)));
    expect(event!.status).toBe('processed');
  });
});
