import { parseCredentials } from '../credentials';
import { probeCredentials, requireCredentials } from '../shared/credentials';
import type { AdapterDeps, ChannelAdapter } from '../types';
import { parseEmailInbound } from './parse';
import { buildEmail, createSmtpTransport, smtpError } from './send';
import { verifyEmailWebhook } from './signature';

export function createEmailAdapter(deps: AdapterDeps): ChannelAdapter {
  return {
    type: 'email',

    async verifyWebhook({ headers, rawBody, credentials }) {
      const parsed = parseCredentials('email', credentials);
      if (!parsed.ok) return { ok: false, reason: parsed.reason };
      const key = parsed.value.inbound_signing_key;
      if (!key) return { ok: false, reason: 'channel has no inbound_signing_key' };
      return verifyEmailWebhook(headers, rawBody, key, deps.clock());
    },

    async parseInbound(body, contentType) {
      return parseEmailInbound(body, contentType, deps.clock());
    },

    async send({ credentials, to, message }) {
      const creds = requireCredentials('email', credentials);
      const mail = buildEmail(creds, to, message, deps.ids());
      const transport = createSmtpTransport(creds, deps.timeoutMs);
      try {
        await transport.sendMail(mail);
      } catch (err) {
        throw smtpError(err);
      } finally {
        transport.close();
      }
      return { provider_message_id: String(mail.messageId) };
    },

    async verifyCredentials(credentials) {
      const parsed = parseCredentials('email', credentials);
      if (!parsed.ok) return { ok: false, reason: parsed.reason };
      const transport = createSmtpTransport(parsed.value, deps.timeoutMs);
      try {
        return await probeCredentials(async () => {
          await transport.verify().catch((err: unknown) => Promise.reject(smtpError(err)));
          return { host: parsed.value.smtp_host };
        });
      } finally {
        transport.close();
      }
    },
  };
}
