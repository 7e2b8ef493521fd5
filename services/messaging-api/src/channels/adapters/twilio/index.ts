import { z } from 'zod';
import { parseCredentials } from '../credentials';
import { probeCredentials, requireCredentials } from '../shared/credentials';
import { basicAuth, callProvider, joinUrl } from '../shared/http';
import type { AdapterDeps, ChannelAdapter } from '../types';
import { parseTwilioWebhook } from './parse';
import { buildTwilioForm, twilioError, twilioMessageSid } from './send';
import { verifyTwilioSignature } from './signature';

const Account = z.object({ status: z.string().optional(), friendly_name: z.string().optional() });

export function createTwilioAdapter(deps: AdapterDeps, apiBase: string): ChannelAdapter {
  const accountUrl = (sid: string) => joinUrl(apiBase, `2010-04-01/Accounts/${encodeURIComponent(sid)}`);

  return {
    type: 'sms',

    async verifyWebhook({ headers, rawBody, url, credentials }) {
      const parsed = parseCredentials('sms', credentials);
      if (!parsed.ok) return { ok: false, reason: parsed.reason };
      return verifyTwilioSignature({ headers, rawBody, url, authToken: parsed.value.auth_token });
    },

    async parseInbound(body) {
      return parseTwilioWebhook(body, deps.clock());
    },

    async send({ credentials, to, message, context }) {
      const creds = requireCredentials('sms', credentials);
      const form = buildTwilioForm(creds.sender_number, to, message, context?.status_callback_url);
      const response = await callProvider(deps, {
        provider: 'Twilio',
        method: 'POST',
        url: `${accountUrl(creds.account_sid)}/Messages.json`,
        headers: {
          authorization: basicAuth(creds.account_sid, creds.auth_token),
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: form.toString(),
      });
      if (!response.ok) throw twilioError(response.status, response.body, response.retryAfterSeconds);
      return { provider_message_id: twilioMessageSid(response.body) };
    },

    async verifyCredentials(credentials) {
      const parsed = parseCredentials('sms', credentials);
      if (!parsed.ok) return { ok: false, reason: parsed.reason };
      const { account_sid, auth_token } = parsed.value;
      const result = await probeCredentials(async () => {
        const response = await callProvider(deps, {
          provider: 'Twilio',
          method: 'GET',
          url: `${accountUrl(account_sid)}.json`,
          headers: { authorization: basicAuth(account_sid, auth_token) },
        });
        if (!response.ok) throw twilioError(response.status, response.body, response.retryAfterSeconds);
        const account = Account.safeParse(response.body);
        return account.success ? { ...account.data } : {};
      });
      // A suspended or closed account authenticates but cannot send.
      if (result.ok && result.details?.status && result.details.status !== 'active') {
        return { ok: false, reason: `the Twilio account is ${String(result.details.status)}` };
      }
      return result;
    },
  };
}
