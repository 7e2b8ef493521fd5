/**
 * Secrets never reach the logs: the whole product runs with one capturing logger at `trace`
 * (every line every service writes), through sign-in, sign-up, user and channel creation with
 * credentials, provider calls that fail, signed and forged webhooks and a visitor session; then
 * no secret string may appear in any line.
 */
import { createHmac } from 'node:crypto';
import { createLogger } from '@turumba/platform/logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureBytes } from '../../services/messaging-api/src/channels/adapters/test-fixtures';
import { PUBLIC_URL, type SecurityStack, startSecurityStack } from './stack';
import { call, createTenant, type Tenant } from './tenants';

const lines: string[] = [];
const secrets = {
  botToken: '8880001:SECRET-bot-token-do-not-log',
  appSecret: 'SECRET-meta-app-secret-do-not-log',
  metaAccessToken: 'SECRET-meta-access-token-do-not-log',
  verifyToken: 'SECRET-verify-token-do-not-log',
  twilioAuthToken: 'SECRET-twilio-auth-token-do-not-log',
  smtpPassword: 'SECRET-smtp-password-do-not-log',
  relayKey: 'SECRET-relay-key-do-not-log',
  newUserPassword: 'SECRET-new-user-password',
  wrongPassword: 'SECRET-wrong-password-attempt',
};
let stack: SecurityStack;
let tenant: Tenant;
const observed: string[] = [];

async function waitUntil(check: () => boolean, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
}

beforeAll(async () => {
  const logger = createLogger({
    name: 'security',
    level: 'trace',
    destination: { write: (line: string) => void lines.push(line) },
  });
  stack = await startSecurityStack({ logger });
  // The provider fails every call: errors are where credentials usually leak (URLs with tokens).
  stack.provider.on('POST', `/bot${secrets.botToken}/setWebhook`, () => ({
    status: 401,
    body: { ok: false, error_code: 401, description: `Unauthorized: bot${secrets.botToken}` },
  }));
  stack.provider.on('POST', `/bot${secrets.botToken}/sendMessage`, () => ({
    status: 500,
    body: { ok: false },
  }));
  tenant = await createTenant(stack, 'logs');
  observed.push(tenant.password, tenant.token, tenant.refreshToken, tenant.visitorToken);
  observed.push(stack.secrets.gateway, stack.secrets.service, stack.secrets.credentials);
}, 240_000);

afterAll(() => stack?.close(), 60_000);

describe('secrets in logs', () => {
  it('logs none of the passwords, tokens, credentials or keys of a full flow', async () => {
    const gw = stack.gateway;
    const token = tenant.token;
    // Sign-in, a failed one, a refresh (new token pair) and a user created with a password.
    const login = await call(gw, 'POST', '/v1/auth/login', {
      body: { email: tenant.email, password: tenant.password },
    });
    expect(login.statusCode).toBe(200);
    observed.push(login.json().data.access_token, login.json().data.refresh_token);
    const failed = await call(gw, 'POST', '/v1/auth/login', {
      body: { email: tenant.email, password: secrets.wrongPassword },
    });
    expect(failed.statusCode).toBe(401);
    const refreshed = await call(gw, 'POST', '/v1/auth/refresh', {
      body: { refresh_token: login.json().data.refresh_token },
    });
    expect(refreshed.statusCode).toBe(200);
    observed.push(refreshed.json().data.access_token, refreshed.json().data.refresh_token);
    const user = await call(gw, 'POST', '/v1/users', {
      token,
      body: { email: 'logged@tenants.example.com', name: 'Logged', password: secrets.newUserPassword },
    });
    expect(user.statusCode).toBe(201);

    // Channels with credentials; Telegram's setWebhook is refused by the (fake) provider.
    const channel = async (channel_type: string, credentials: Record<string, unknown>) => {
      const res = await call(gw, 'POST', '/v1/channels', {
        token,
        body: { channel_type, name: `${channel_type} logs`, credentials },
      });
      expect(res.statusCode, res.body).toBeLessThan(300);
      return res.json().data as { id: string; webhook_url: string };
    };
    const telegram = await channel('telegram', { bot_token: secrets.botToken });
    const whatsapp = await channel('whatsapp', {
      app_secret: secrets.appSecret,
      verify_token: secrets.verifyToken,
      access_token: secrets.metaAccessToken,
      phone_number_id: 'p',
      business_account_id: 'b',
    });
    await channel('sms', {
      provider: 'twilio',
      account_sid: 'AC1',
      auth_token: secrets.twilioAuthToken,
      sender_number: '+15550001111',
    });
    await channel('email', {
      smtp_host: '127.0.0.1',
      smtp_port: 9,
      smtp_username: 'support',
      smtp_password: secrets.smtpPassword,
      from_address: 'support@example.com',
      inbound_signing_key: secrets.relayKey,
    });
    await call(gw, 'POST', `/v1/channels/${telegram.id}/verify`, { token, body: {} });

    // Webhooks: one signed, one forged; the handshake with the verify token.
    const path = whatsapp.webhook_url.slice(PUBLIC_URL.length);
    const body = fixtureBytes('whatsapp_text.json');
    const signature = `sha256=${createHmac('sha256', secrets.appSecret).update(body).digest('hex')}`;
    observed.push(signature);
    const signed = await gw.inject({
      method: 'POST',
      url: path,
      payload: body,
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
    });
    expect(signed.statusCode).toBe(200);
    const forged = await gw.inject({
      method: 'POST',
      url: path,
      payload: body,
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` },
    });
    expect(forged.statusCode).toBe(401);
    const handshake = await gw.inject({
      method: 'GET',
      url: `${path}?hub.mode=subscribe&hub.verify_token=${secrets.verifyToken}&hub.challenge=7`,
    });
    expect(handshake.statusCode).toBe(200);

    // An outbound message the provider refuses (the dispatcher retries and logs the failure).
    const conversation = await call(gw, 'POST', '/v1/conversations', {
      token,
      body: { channel_id: telegram.id, contact_identifier: '424242' },
    });
    if (conversation.statusCode === 201) {
      await call(gw, 'POST', `/v1/conversations/${conversation.json().data.id}/messages`, {
        token,
        body: { content: 'hello' },
      });
      await waitUntil(() => stack.provider.requests.some((r) => r.url.endsWith('/sendMessage')));
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    const text = lines.join('');
    expect(lines.length).toBeGreaterThan(50);
    const leaked = [...Object.values(secrets), ...observed].filter((secret) => text.includes(secret));
    const where = leaked.map((secret) => lines.find((line) => line.includes(secret))?.slice(0, 400));
    expect(leaked, where.join('\n')).toEqual([]);
  });
});
