import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channels } from './tables';
import { type PipelineHarness, startPipelineHarness, TEST_PUBLIC_URL } from './test-harness';

const BOT_TOKEN = '123456:AAE-secret_bot_token_value';
const whatsapp = {
  access_token: 'EAAG-whatsapp-access-token-secret',
  phone_number_id: '106540352242922',
  business_account_id: '102290129340398',
  app_secret: 'whatsapp-app-secret-value',
  verify_token: 'whatsapp-verify-token',
};
const secrets = [
  BOT_TOKEN,
  ...Object.values(whatsapp).filter((v) => v.includes('secret') || v.includes('token')),
];

let h: PipelineHarness;
beforeAll(async () => {
  h = await startPipelineHarness({ workers: false });
  h.provider.on('POST', `/bot${BOT_TOKEN}/setWebhook`, () => ({ body: { ok: true, result: true } }));
});
afterAll(() => h.cleanup());

describe('channels', () => {
  it('creates a Telegram channel, registers its webhook with a generated secret and shows no secret', async () => {
    const response = await h.inject('POST', '/v1/channels', h.admin, {
      channel_type: 'telegram',
      name: 'Support bot',
      credentials: { bot_token: BOT_TOKEN },
    });
    expect(response.statusCode).toBe(201);
    const channel = response.json().data;
    expect(channel).toMatchObject({
      channel_type: 'telegram',
      status: 'connected',
      is_enabled: true,
      credentials_set: ['bot_token', 'webhook_secret'],
      webhook_url: `${TEST_PUBLIC_URL}/v1/webhooks/telegram/${channel.id}`,
    });
    const call = h.provider.requests.find((r) => r.url === `/bot${BOT_TOKEN}/setWebhook`);
    const params = JSON.parse(call!.body.toString('utf8'));
    expect(params.url).toBe(channel.webhook_url);
    expect(params.secret_token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(response.body).not.toContain(params.secret_token);
    expect(response.body).not.toContain(BOT_TOKEN);
  });

  it('stores credentials encrypted', async () => {
    const channel = await h.createChannel('whatsapp', whatsapp);
    const [row] = await h.db.select().from(channels).where(eq(channels.id, channel.id));
    for (const secret of secrets) expect(row!.credentialsCiphertext).not.toContain(secret);
  });

  it('leaves a channel in error, not a 500, when the webhook cannot be registered', async () => {
    const token = '999:rejected-token';
    h.provider.on('POST', `/bot${token}/setWebhook`, () => ({
      status: 401,
      body: { ok: false, error_code: 401, description: 'Unauthorized' },
    }));
    const response = await h.inject('POST', '/v1/channels', h.admin, {
      channel_type: 'telegram',
      name: 'Broken bot',
      credentials: { bot_token: token },
    });
    expect(response.statusCode).toBe(201);
    expect(response.json().data).toMatchObject({
      status: 'error',
      last_error: expect.stringContaining('Unauthorized'),
    });
    expect(response.body).not.toContain(token);
  });

  it('answers 422 naming each bad credential field', async () => {
    const response = await h.inject('POST', '/v1/channels', h.admin, {
      channel_type: 'sms',
      name: 'SMS',
      credentials: { provider: 'twilio', account_sid: 'AC1' },
    });
    expect(response.statusCode).toBe(422);
    const fields = response.json().details.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['credentials.auth_token', 'credentials.sender_number']));
  });

  it('merges credentials on PATCH: only the given fields change', async () => {
    const channel = await h.createChannel('whatsapp', whatsapp);
    const newToken = 'EAAG-rotated-access-token';
    const patched = await h.inject('PATCH', `/v1/channels/${channel.id}`, h.admin, {
      credentials: { access_token: newToken },
      name: 'Renamed',
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().data.name).toBe('Renamed');
    expect(patched.body).not.toContain(newToken);
    h.provider.on('GET', `/${whatsapp.phone_number_id}`, () => ({
      body: { display_phone_number: '+1 555' },
    }));
    const verified = await h.inject('POST', `/v1/channels/${channel.id}/verify`, h.admin);
    expect(verified.json().data).toMatchObject({ status: 'connected', verification: { ok: true } });
    const probe = h.provider.requests.filter((r) => r.url === `/${whatsapp.phone_number_id}`).at(-1);
    expect(probe!.headers.authorization).toBe(`Bearer ${newToken}`);
  });

  it('generates a Meta verify token when none is given', async () => {
    const { verify_token: _given, ...rest } = whatsapp;
    const channel = await h.createChannel('whatsapp', rest);
    const shown = (await h.inject('GET', `/v1/channels/${channel.id}`, h.admin)).json().data;
    expect(shown.credentials_set).toContain('verify_token');
    expect(shown.webhook_verify_token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
  });

  it('records a failed verification as error with the reason, without leaking the token', async () => {
    const channel = await h.createChannel('whatsapp', { ...whatsapp, phone_number_id: '42' });
    h.provider.on('GET', '/42', () => ({
      status: 401,
      body: { error: { message: 'Invalid OAuth access token', code: 190 } },
    }));
    const verified = await h.inject('POST', `/v1/channels/${channel.id}/verify`, h.admin);
    expect(verified.json().data).toMatchObject({
      status: 'error',
      verified_at: null,
      last_error: expect.stringContaining('Invalid OAuth'),
      verification: { ok: false },
    });
  });

  it('lets agents read channels but not manage them', async () => {
    const channel = await h.createChannel('webchat', {});
    expect((await h.inject('GET', `/v1/channels/${channel.id}`, h.agent)).statusCode).toBe(200);
    expect(
      (await h.inject('GET', '/v1/channels?filter=channel_type:eq:webchat', h.agent)).json().data.length,
    ).toBe(1);
    expect((await h.inject('PATCH', `/v1/channels/${channel.id}`, h.agent, { name: 'x' })).statusCode).toBe(
      403,
    );
    expect(
      (await h.inject('POST', '/v1/channels', h.agent, { channel_type: 'webchat', name: 'x' })).statusCode,
    ).toBe(403);
  });

  it("answers 404 for another account's channel", async () => {
    const channel = await h.createChannel('webchat', {});
    const other = randomUUID();
    const stranger = { userId: randomUUID(), accountIds: [other], accountRoles: { [other]: 'admin' } };
    expect((await h.inject('GET', `/v1/channels/${channel.id}`, stranger)).statusCode).toBe(404);
    expect((await h.inject('DELETE', `/v1/channels/${channel.id}`, stranger)).statusCode).toBe(404);
  });

  it('re-registers the Telegram webhook when a disabled channel is enabled again', async () => {
    const channel = await h.createChannel('telegram', { bot_token: BOT_TOKEN });
    const disabled = await h.inject('PATCH', `/v1/channels/${channel.id}`, h.admin, { is_enabled: false });
    expect(disabled.json().data).toMatchObject({ status: 'disabled', is_enabled: false });
    const before = h.provider.requests.length;
    const enabled = await h.inject('PATCH', `/v1/channels/${channel.id}`, h.admin, { is_enabled: true });
    expect(enabled.json().data.status).toBe('connected');
    expect(h.provider.requests.slice(before).some((r) => r.url.endsWith('/setWebhook'))).toBe(true);
  });

  it('deletes a channel', async () => {
    const channel = await h.createChannel('webchat', {});
    expect((await h.inject('DELETE', `/v1/channels/${channel.id}`, h.admin)).statusCode).toBe(204);
    expect((await h.inject('GET', `/v1/channels/${channel.id}`, h.admin)).statusCode).toBe(404);
  });

  it('never writes a credential value to a log line', () => {
    const log = h.logLines.join('\n');
    for (const secret of secrets) expect(log).not.toContain(secret);
  });
});
