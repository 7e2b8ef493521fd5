/**
 * Provider webhooks through the gateway (ARCHITECTURE.md §7, fixtures/channels/PROTOCOLS.md):
 * a missing, wrong or replayed signature is 401 and stores nothing; bodies past the limits are
 * 413; malformed bodies of our own widget are 422; the processes stay healthy throughout.
 * (A correctly signed body the adapter cannot parse is acknowledged and dead-lettered: covered by
 * services/messaging-api/src/inbound/bad-payload.test.ts.)
 */
import { createHmac } from 'node:crypto';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureBytes, formFixture } from '../../services/messaging-api/src/channels/adapters/test-fixtures';
import { inboundEvents } from '../../services/messaging-api/src/webhooks/tables';
import { sign } from '../../services/messaging-api/src/webhooks/test-signing';
import { PUBLIC_URL, type SecurityStack, startSecurityStack } from './stack';
import { call, createTenant, type Tenant } from './tenants';

const BOT = '7770001:security-bot';
const metaSecret = 'security_app_secret';
const twilioToken = 'security-twilio-token';
const relayKey = 'security-relay-key';
const credentials = {
  telegram: { bot_token: BOT },
  whatsapp: {
    app_secret: metaSecret,
    verify_token: 'verify-me',
    access_token: 'a',
    phone_number_id: 'p',
    business_account_id: 'b',
  },
  messenger: { app_secret: metaSecret, verify_token: 'verify-me', page_access_token: 't', page_id: 'PAGE' },
  sms: { provider: 'twilio', account_sid: 'AC1', auth_token: twilioToken, sender_number: '+15550001111' },
  email: {
    smtp_host: '127.0.0.1',
    smtp_port: 2525,
    from_address: 'support@example.com',
    inbound_signing_key: relayKey,
  },
};
type Provider = keyof typeof credentials;
const WEBHOOK_LIMIT = 2 * 1024 * 1024;

let stack: SecurityStack;
let tenant: Tenant;
const channels = {} as Record<Provider, { id: string; path: string }>;

async function stored(channelId: string): Promise<number> {
  const [row] = await stack.databases.messaging.db
    .select({ n: count() })
    .from(inboundEvents)
    .where(eq(inboundEvents.channelId, channelId));
  return row!.n;
}

function telegramSecret(): string {
  const call = stack.provider.requests.find((r) => r.url.endsWith('/setWebhook'));
  return JSON.parse(call!.body.toString('utf8')).secret_token;
}

function post(path: string, body: Buffer | string, headers: Record<string, string>) {
  return stack.gateway.inject({ method: 'POST', url: path, payload: body, headers });
}

function mailgunForm(timestamp: number, key = relayKey, extra: Record<string, string> = {}): string {
  const token = `tok-${timestamp}-${Math.random()}`;
  const signature = createHmac('sha256', key).update(`${timestamp}${token}`).digest('hex');
  return new URLSearchParams({
    from: 'Customer <customer@example.com>',
    subject: 'hi',
    'body-plain': 'hello',
    'Message-Id': `<${token}@example.com>`,
    ...extra,
    timestamp: String(timestamp),
    token,
    signature,
  }).toString();
}

/** A valid delivery per provider, and the same bytes with a wrong and with no signature. */
function deliveries(provider: Provider) {
  const { path } = channels[provider];
  const now = Math.floor(Date.now() / 1000);
  switch (provider) {
    case 'telegram': {
      const body = fixtureBytes('telegram_text_update.json');
      return {
        body,
        good: sign.telegram(telegramSecret()),
        wrong: sign.telegram(`${telegramSecret()}x`),
        bare: { 'content-type': 'application/json' },
      };
    }
    case 'whatsapp':
    case 'messenger': {
      const body = fixtureBytes(provider === 'whatsapp' ? 'whatsapp_text.json' : 'messenger_text.json');
      return {
        body,
        good: sign.meta(metaSecret, body),
        wrong: sign.meta('another-secret', body),
        bare: { 'content-type': 'application/json' },
      };
    }
    case 'sms': {
      const body = formFixture('twilio_sms.form');
      return {
        body,
        good: sign.twilio(twilioToken, path, body),
        wrong: sign.twilio('another-token', path, body),
        bare: { 'content-type': 'application/x-www-form-urlencoded' },
      };
    }
    case 'email': {
      const body = fixtureBytes('email_rfc5322_A1_1_original.eml');
      return {
        body,
        good: sign.emailRelay(relayKey, body),
        wrong: sign.emailRelay('another-key', body),
        bare: { 'content-type': 'message/rfc822' },
      };
    }
  }
  throw new Error(`no delivery for ${provider} at ${now}`);
}

beforeAll(async () => {
  stack = await startSecurityStack({ gatewayEnv: { GATEWAY_BODY_LIMIT_BYTES: String(WEBHOOK_LIMIT) } });
  stack.provider.on('POST', `/bot${BOT}/setWebhook`, () => ({ body: { ok: true, result: true } }));
  tenant = await createTenant(stack, 'hooks');
  for (const provider of Object.keys(credentials) as Provider[]) {
    const res = await call(stack.gateway, 'POST', '/v1/channels', {
      token: tenant.token,
      body: { channel_type: provider, name: `${provider} security`, credentials: credentials[provider] },
    });
    if (res.statusCode !== 201) throw new Error(`${provider}: ${res.statusCode} ${res.body}`);
    const { id, webhook_url } = res.json().data;
    channels[provider] = { id, path: webhook_url.slice(PUBLIC_URL.length) };
  }
}, 240_000);

afterAll(() => stack?.close(), 60_000);

describe('webhook signatures', () => {
  const providers = Object.keys(credentials) as Provider[];

  it.each(providers)('%s: a missing or wrong signature is 401 and stores nothing', async (provider) => {
    const { body, wrong, bare } = deliveries(provider);
    const { id, path } = channels[provider];
    for (const headers of [bare, wrong]) {
      const res = await post(path, body, headers);
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ success: false, error: 'unauthorized' });
    }
    // Malformed bodies without a valid signature are refused the same way, before parsing.
    for (const junk of ['{"update_id":', 'a=%zz&&=', 'From: <\r\n\r\n\u0000', '\u0000\u00ff']) {
      expect((await post(path, junk, bare)).statusCode).toBe(401);
      expect((await post(path, junk, wrong)).statusCode).toBe(401);
    }
    expect(await stored(id)).toBe(0);
  });

  it.each(providers)('%s: a replayed delivery is stored once (or refused as stale)', async (provider) => {
    const { body, good } = deliveries(provider);
    const { id, path } = channels[provider];
    for (let i = 0; i < 3; i++) expect((await post(path, body, good)).statusCode).toBe(200);
    expect(await stored(id)).toBe(1);
  });

  it('email: a relay request older than 5 minutes is refused as a replay', async () => {
    const { id, path } = channels.email;
    const before = await stored(id);
    const body = fixtureBytes('email_rfc5322_A2_reply.eml');
    const stale = sign.emailRelay(relayKey, body, new Date(Date.now() - 10 * 60_000));
    expect((await post(path, body, stale)).statusCode).toBe(401);
    const future = sign.emailRelay(relayKey, body, new Date(Date.now() + 10 * 60_000));
    expect((await post(path, body, future)).statusCode).toBe(401);
    expect(await stored(id)).toBe(before);
  });

  it('email: a Mailgun route post outside its 15-minute window or with a wrong key is refused', async () => {
    const { id, path } = channels.email;
    const before = await stored(id);
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const now = Math.floor(Date.now() / 1000);
    expect((await post(path, mailgunForm(now - 20 * 60), form)).statusCode).toBe(401);
    expect((await post(path, mailgunForm(now, 'another-key'), form)).statusCode).toBe(401);
    expect(await stored(id)).toBe(before);
    expect((await post(path, mailgunForm(now), form)).statusCode).toBe(200);
    expect(await stored(id)).toBe(before + 1);
  });

  it('Meta: the subscription handshake refuses a wrong verify token', async () => {
    const { path } = channels.whatsapp;
    const query = (token: string) => `?hub.mode=subscribe&hub.verify_token=${token}&hub.challenge=42`;
    expect((await stack.gateway.inject({ method: 'GET', url: `${path}${query('nope')}` })).statusCode).toBe(
      403,
    );
    const ok = await stack.gateway.inject({ method: 'GET', url: `${path}${query('verify-me')}` });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toBe('42');
  });

  it('answers 404 for an unknown channel, a channel of another type or a malformed id', async () => {
    const { body, good } = deliveries('whatsapp');
    for (const path of [
      '/v1/webhooks/whatsapp/00000000-0000-4000-8000-000000000000',
      `/v1/webhooks/messenger/${channels.whatsapp.id}`,
      `/v1/webhooks/nosuchtype/${channels.whatsapp.id}`,
      '/v1/webhooks/whatsapp/not-a-uuid',
    ]) {
      const res = await post(path, body, good);
      expect(res.statusCode, path).toBe(404);
      expect(res.json()).toMatchObject({ success: false, error: 'not_found' });
    }
    // Past the router's parameter length: 414, in the envelope too.
    const long = await post(`/v1/webhooks/whatsapp/${'9'.repeat(5000)}`, body, good);
    expect(long.statusCode).toBe(414);
    expect(long.json()).toMatchObject({ success: false, error: 'bad_request' });
  });
});

describe('body limits and malformed bodies', () => {
  it('refuses a webhook over the webhook limit with 413 before it reaches the backend', async () => {
    const { id, path } = channels.whatsapp;
    const before = await stored(id);
    const big = Buffer.from(
      JSON.stringify({ object: 'whatsapp_business_account', pad: 'x'.repeat(WEBHOOK_LIMIT) }),
    );
    const res = await post(path, big, sign.meta(metaSecret, big));
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ success: false, error: 'bad_request' });
    expect(await stored(id)).toBe(before);
    // Under the limit, a large signed body is fine (email with attachments).
    const large = Buffer.from(
      JSON.stringify({ object: 'whatsapp_business_account', entry: [], pad: 'y'.repeat(WEBHOOK_LIMIT / 2) }),
    );
    expect((await post(path, large, sign.meta(metaSecret, large))).statusCode).toBe(200);
  });

  it('refuses a 2 MiB body on login, the widget API and the JSON API with 413', async () => {
    const big = JSON.stringify({ email: 'a@b.co', password: 'x'.repeat(2 * 1024 * 1024) });
    for (const url of ['/v1/auth/login', `/v1/public/webchat/${tenant.channelId}/messages`, '/v1/contacts']) {
      const res = await stack.gateway.inject({
        method: 'POST',
        url,
        payload: big,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tenant.token}` },
      });
      expect(res.statusCode, url).toBe(413);
      expect(res.json()).toMatchObject({ success: false });
    }
  });

  it('answers malformed JSON on the API with 400 and a malformed widget message with 422, storing nothing', async () => {
    const json = { 'content-type': 'application/json', authorization: `Bearer ${tenant.token}` };
    for (const payload of ['{"name":', '[1,2', '\u0000', '{"__proto__":{"polluted":1}']) {
      const res = await stack.gateway.inject({ method: 'POST', url: '/v1/contacts', payload, headers: json });
      expect(res.statusCode, payload).toBe(400);
      expect(res.json()).toMatchObject({ success: false, error: 'bad_request' });
    }
    const wrongType = await stack.gateway.inject({
      method: 'POST',
      url: '/v1/contacts',
      payload: '<contact/>',
      headers: { ...json, 'content-type': 'application/xml' },
    });
    expect([400, 415]).toContain(wrongType.statusCode);
    const widget = `/v1/public/webchat/${tenant.channelId}/messages`;
    const before = await stored(tenant.channelId);
    for (const payload of [
      'not json',
      '{"visitor_id":1}',
      JSON.stringify({ visitor_id: tenant.visitorId }),
    ]) {
      const res = await post(widget, payload, {
        'content-type': 'application/json',
        'x-webchat-token': tenant.visitorToken,
      });
      expect(res.statusCode, payload).toBe(422);
    }
    expect(await stored(tenant.channelId)).toBe(before);
  });

  it('leaves every process healthy and still accepting good webhooks', async () => {
    for (const app of [stack.gateway, stack.account, stack.messaging]) {
      expect((await app.inject('/health')).statusCode).toBe(200);
    }
    expect((await stack.realtime.app.inject('/health')).statusCode).toBe(200);
    const { path, id } = channels.whatsapp;
    const body = Buffer.from(
      fixtureBytes('whatsapp_text.json').toString('utf8').replaceAll('wamid.', 'wamid.after.'),
    );
    const before = await stored(id);
    expect((await post(path, body, sign.meta(metaSecret, body))).statusCode).toBe(200);
    expect(await stored(id)).toBe(before + 1);
  });
});
