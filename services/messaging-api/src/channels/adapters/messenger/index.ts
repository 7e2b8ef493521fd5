import { z } from 'zod';
import { parseCredentials } from '../credentials';
import { callGraph } from '../meta/graph';
import { metaHandshake, verifyMetaSignature } from '../meta/signature';
import { probeCredentials, requireCredentials } from '../shared/credentials';
import type { AdapterDeps, ChannelAdapter } from '../types';
import { parseMessengerWebhook } from './parse';
import { buildMessengerMessage, messengerMessageId } from './send';

const Page = z.object({ id: z.string(), name: z.string().optional() });

export function createMessengerAdapter(deps: AdapterDeps, graphBase: string): ChannelAdapter {
  return {
    type: 'messenger',

    async verifyWebhook({ headers, rawBody, credentials }) {
      const parsed = parseCredentials('messenger', credentials);
      if (!parsed.ok) return { ok: false, reason: parsed.reason };
      return verifyMetaSignature(headers, rawBody, parsed.value.app_secret);
    },

    handshake(query, credentials) {
      const parsed = parseCredentials('messenger', credentials);
      return parsed.ok ? metaHandshake(query, parsed.value.verify_token) : { ok: false };
    },

    async parseInbound(body) {
      return parseMessengerWebhook(body, deps.clock());
    },

    async send({ credentials, to, message, context }) {
      const creds = requireCredentials('messenger', credentials);
      const body = buildMessengerMessage(to, message, context?.last_inbound_at, deps.clock());
      const path = `${encodeURIComponent(creds.page_id)}/messages`;
      const response = await callGraph(deps, 'Messenger', {
        base: graphBase,
        path,
        token: creds.page_access_token,
        body,
      });
      return { provider_message_id: messengerMessageId(response) };
    },

    async verifyCredentials(credentials) {
      const parsed = parseCredentials('messenger', credentials);
      if (!parsed.ok) return { ok: false, reason: parsed.reason };
      const { page_access_token, page_id } = parsed.value;
      const result = await probeCredentials(async () => {
        const me = Page.safeParse(
          await callGraph(deps, 'Messenger', { base: graphBase, path: 'me', token: page_access_token }),
        );
        return me.success ? { ...me.data } : {};
      });
      // A user or another page's token also answers /me; it must be this page's token.
      if (result.ok && result.details?.id !== undefined && result.details.id !== page_id) {
        return {
          ok: false,
          reason: `the token belongs to page ${String(result.details.id)}, not ${page_id}`,
        };
      }
      return result;
    },
  };
}
