import { outboxEvents } from '@turumba/platform/outbox';
import { gatewayHeaders } from '@turumba/platform/testing';
import { count, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureBytes, formFixture } from '../channels/adapters/test-fixtures';
import { type PipelineHarness, startPipelineHarness } from '../channels/test-harness';
import { inboundEvents } from './tables';
import { sign, telegramSecretOf, webhookPath } from './test-signing';

const BOT = '5550001:receiver-test-token';
const meta = { app_secret: 'test_app_secret_123', verify_token: 'meatyhamhock' };
const whatsappCredentials = { ...meta, access_token: 'a', phone_number_id: 'p', business_account_id: 'b' };

let h: PipelineHarness;
let telegram: { id: string; webhook_url: string };
let whatsapp: { id: string; webhook_url: string };

async function storedEvents(channelId: string) {
  const [row] = await h.db
    .select({ n: count() })
    .from(inboundEvents)
    .where(eq(inboundEvents.channelId, channelId));
  return row!.n;
}
async function enqueuedInbound() {
  const [row] = await h.db
    .select({ n: count() })
    .from(outboxEvents)
    .where(like(outboxEvents.routingKey, 'webhook.inbound.%'));
  return row!.n;
}

beforeAll(async () => {
  h = await startPipelineHarness({ workers: false });
  h.provider.on('POST', `/bot${BOT}/setWebhook`, () => ({ body: { ok: true, result: true } }));
  telegram = await h.createChannel('telegram', { bot_token: BOT });
  whatsapp = await h.createChannel('whatsapp', whatsappCredentials);
});
afterAll(() => h.cleanup());

describe('webhook receiver', () => {
  it('stores a verified webhook raw and enqueues webhook.inbound.<type>', async () => {
    const body = fixtureBytes('whatsapp_text.json');
    const response = await h.postWebhook(
      webhookPath(whatsapp.webhook_url),
      body,
      sign.meta(meta.app_secret, body),
    );
    expect(response.statusCode).toBe(200);
    const [event] = await h.db.select().from(inboundEvents).where(eq(inboundEvents.channelId, whatsapp.id));
    expect(event).toMatchObject({
      accountId: h.accountId,
      channelType: 'whatsapp',
      status: 'received',
      rawBody: body.toString('utf8'),
      bodyEncoding: 'utf8',
      contentType: 'application/json',
      providerEventId: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
    });
    expect(event!.headers['x-hub-signature-256']).toMatch(/^sha256=/);
    const [queued] = await h.db.select().from(outboxEvents).where(eq(outboxEvents.aggregateId, event!.id));
    expect(queued!.routingKey).toBe('webhook.inbound.whatsapp');
    expect(queued!.payload.data).toEqual({
      inbound_event_id: event!.id,
      channel_id: whatsapp.id,
      channel_type: 'whatsapp',
    });
  });

  it('treats a provider retry of the same event as a no-op', async () => {
    const secret = telegramSecretOf(h, telegram.webhook_url);
    const body = fixtureBytes('telegram_text_update.json');
    const before = await enqueuedInbound();
    for (let i = 0; i < 5; i++) {
      const response = await h.postWebhook(webhookPath(telegram.webhook_url), body, sign.telegram(secret));
      expect(response.statusCode).toBe(200);
      expect(response.json().data.duplicate).toBe(i > 0);
    }
    expect(await storedEvents(telegram.id)).toBe(1);
    expect(await enqueuedInbound()).toBe(before + 1);
    const [event] = await h.db.select().from(inboundEvents).where(eq(inboundEvents.channelId, telegram.id));
    expect(event!.providerEventId).toBe('update:10000');
    expect(JSON.stringify(event!.headers)).not.toContain(secret);
  });

  it('answers 401 to a bad signature and stores nothing', async () => {
    const body = fixtureBytes('whatsapp_image.json');
    const before = await storedEvents(whatsapp.id);
    const forged = await h.postWebhook(
      webhookPath(whatsapp.webhook_url),
      body,
      sign.meta('wrong secret', body),
    );
    expect(forged.statusCode).toBe(401);
    expect(forged.json().error).toBe('unauthorized');
    const unsigned = await h.postWebhook(webhookPath(whatsapp.webhook_url), body, {
      'content-type': 'application/json',
    });
    expect(unsigned.statusCode).toBe(401);
    expect(await storedEvents(whatsapp.id)).toBe(before);
  });

  it('answers 404 for an unknown channel, a type mismatch or a disabled channel', async () => {
    const body = fixtureBytes('whatsapp_text.json');
    const headers = sign.meta(meta.app_secret, body);
    const unknown = '/v1/webhooks/whatsapp/00000000-0000-4000-8000-000000000000';
    expect((await h.postWebhook(unknown, body, headers)).statusCode).toBe(404);
    expect((await h.postWebhook(`/v1/webhooks/messenger/${whatsapp.id}`, body, headers)).statusCode).toBe(
      404,
    );
    expect((await h.postWebhook(`/v1/webhooks/fax/${whatsapp.id}`, body, headers)).statusCode).toBe(404);
    expect((await h.postWebhook('/v1/webhooks/whatsapp/not-a-uuid', body, headers)).statusCode).toBe(404);
    const off = await h.createChannel('whatsapp', whatsappCredentials, { is_enabled: false });
    expect((await h.postWebhook(webhookPath(off.webhook_url), body, headers)).statusCode).toBe(404);
    expect(await storedEvents(off.id)).toBe(0);
  });

  it('refuses a request that did not come through the gateway', async () => {
    const body = fixtureBytes('whatsapp_text.json');
    const response = await h.app.inject({
      method: 'POST',
      url: webhookPath(whatsapp.webhook_url),
      payload: body,
      headers: sign.meta(meta.app_secret, body),
    });
    expect(response.statusCode).toBe(401);
  });

  it("answers Meta's subscription handshake with the challenge, and 403 to a wrong token", async () => {
    const path = (token: string) =>
      `${webhookPath(whatsapp.webhook_url)}?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=${token}`;
    const good = await h.app.inject({
      method: 'GET',
      url: path('meatyhamhock'),
      headers: gatewayHeaders('GET', path('meatyhamhock')),
    });
    expect(good.statusCode).toBe(200);
    expect(good.body).toBe('1158201444');
    expect(good.headers['content-type']).toContain('text/plain');
    const bad = await h.app.inject({
      method: 'GET',
      url: path('wrong'),
      headers: gatewayHeaders('GET', path('wrong')),
    });
    expect(bad.statusCode).toBe(403);
  });

  it('answers Twilio with empty TwiML and checks the signature against PUBLIC_URL plus the query', async () => {
    const sms = await h.createChannel('sms', {
      provider: 'twilio',
      account_sid: 'ACbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',
      auth_token: '12345',
      sender_number: '+15558675310',
    });
    const path = `${webhookPath(sms.webhook_url)}?source=inbound`;
    const body = formFixture('twilio_sms.form');
    const response = await h.postWebhook(path, body, sign.twilio('12345', path, body));
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/xml');
    expect(response.body).toContain('<Response/>');
    const withoutQuery = await h.postWebhook(
      webhookPath(sms.webhook_url),
      body,
      sign.twilio('12345', path, body),
    );
    expect(withoutQuery.statusCode).toBe(401);
  });

  it('keeps a binary body byte for byte (base64) and accepts any content type', async () => {
    const email = await h.createChannel('email', {
      smtp_host: '127.0.0.1',
      smtp_port: 2525,
      from_address: 'support@example.com',
      inbound_signing_key: 'relay-key',
    });
    const body = Buffer.concat([fixtureBytes('email_rfc5322_A2_reply.eml'), Buffer.from([0xff, 0x00, 0xfe])]);
    const response = await h.postWebhook(webhookPath(email.webhook_url), body, {
      ...sign.emailRelay('relay-key', body),
      'content-type': 'application/octet-stream',
    });
    expect(response.statusCode).toBe(200);
    const [event] = await h.db.select().from(inboundEvents).where(eq(inboundEvents.channelId, email.id));
    expect(event!.bodyEncoding).toBe('base64');
    expect(Buffer.from(event!.rawBody, 'base64').equals(body)).toBe(true);
  });

  it('accepts bodies far above the JSON default limit', async () => {
    const big = Buffer.from(
      JSON.stringify({ object: 'whatsapp_business_account', entry: [], pad: 'x'.repeat(3_000_000) }),
    );
    const response = await h.postWebhook(
      webhookPath(whatsapp.webhook_url),
      big,
      sign.meta(meta.app_secret, big),
    );
    expect(response.statusCode).toBe(200);
  });
});
