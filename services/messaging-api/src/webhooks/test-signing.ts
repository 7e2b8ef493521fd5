import { createHmac } from 'node:crypto';
import { signRelayRequest } from '../channels/adapters/email/signature';
import { parseFormPairs } from '../channels/adapters/shared/form';
import { computeTwilioSignature } from '../channels/adapters/twilio/signature';
import type { PipelineHarness } from '../channels/test-harness';
import { TEST_PUBLIC_URL } from '../channels/test-harness';

/** What each provider puts on a webhook, computed as the provider would (for tests). */
export const sign = {
  telegram: (secret: string) => ({
    'x-telegram-bot-api-secret-token': secret,
    'content-type': 'application/json',
  }),
  meta: (appSecret: string, body: Buffer) => ({
    'x-hub-signature-256': `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`,
    'content-type': 'application/json',
  }),
  twilio: (authToken: string, path: string, body: Buffer) => ({
    'x-twilio-signature': computeTwilioSignature(
      authToken,
      `${TEST_PUBLIC_URL}${path}`,
      parseFormPairs(body),
    ),
    'content-type': 'application/x-www-form-urlencoded',
  }),
  emailRelay: (key: string, body: Buffer, now = new Date()) => ({
    ...signRelayRequest(key, body, Math.floor(now.getTime() / 1000)),
    'content-type': 'message/rfc822',
  }),
};

/** The secret token our channel creation gave Telegram's setWebhook (it is never shown by the API). */
export function telegramSecretOf(h: PipelineHarness, webhookUrl: string): string {
  const call = h.provider.requests.find(
    (r) => r.url.endsWith('/setWebhook') && JSON.parse(r.body.toString('utf8')).url === webhookUrl,
  );
  if (!call) throw new Error(`no setWebhook call for ${webhookUrl}`);
  return JSON.parse(call.body.toString('utf8')).secret_token;
}

export function webhookPath(webhookUrl: string): string {
  return webhookUrl.slice(TEST_PUBLIC_URL.length);
}
