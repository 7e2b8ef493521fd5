import { z } from 'zod';
import { parseCredentials } from '../credentials';
import { callGraph } from '../meta/graph';
import { metaHandshake, verifyMetaSignature } from '../meta/signature';
import { probeCredentials, requireCredentials } from '../shared/credentials';
import type { AdapterDeps, ChannelAdapter } from '../types';
import { parseWhatsappWebhook } from './parse';
import { buildWhatsappMessage, whatsappMessageId } from './send';

export function createWhatsappAdapter(deps: AdapterDeps, graphBase: string): ChannelAdapter {
  return {
    type: 'whatsapp',

    async verifyWebhook({ headers, rawBody, credentials }) {
      const parsed = parseCredentials('whatsapp', credentials);
      if (!parsed.ok) return { ok: false, reason: parsed.reason };
      return verifyMetaSignature(headers, rawBody, parsed.value.app_secret);
    },

    handshake(query, credentials) {
      const parsed = parseCredentials('whatsapp', credentials);
      return parsed.ok ? metaHandshake(query, parsed.value.verify_token) : { ok: false };
    },

    async parseInbound(body) {
      return parseWhatsappWebhook(body);
    },

    async send({ credentials, to, message, context }) {
      const creds = requireCredentials('whatsapp', credentials);
      const body = buildWhatsappMessage(to, message, context?.last_inbound_at, deps.clock());
      const path = `${encodeURIComponent(creds.phone_number_id)}/messages`;
      const response = await callGraph(deps, 'WhatsApp', {
        base: graphBase,
        path,
        token: creds.access_token,
        body,
      });
      return { provider_message_id: whatsappMessageId(response) };
    },

    async verifyCredentials(credentials) {
      const parsed = parseCredentials('whatsapp', credentials);
      if (!parsed.ok) return { ok: false, reason: parsed.reason };
      const { phone_number_id, access_token } = parsed.value;
      return probeCredentials(async () => {
        const path = encodeURIComponent(phone_number_id);
        const phone = await callGraph(deps, 'WhatsApp', { base: graphBase, path, token: access_token });
        const info = z
          .object({ display_phone_number: z.string().optional(), verified_name: z.string().optional() })
          .safeParse(phone);
        return info.success ? { ...info.data } : {};
      });
    },
  };
}
