import { parseCredentials } from '../credentials';
import { header } from '../shared/headers';
import type { AdapterDeps, ChannelAdapter } from '../types';
import { parseWebchatMessage, readWebchatBody } from './parse';
import { verifyWebchatToken } from './session-token';

export const WEBCHAT_TOKEN_HEADER = 'X-Webchat-Token';

/**
 * Our own widget. Inbound posts carry the visitor's session token, which must be for this
 * channel and for the visitor the body claims to be. Outbound needs no provider call: the
 * realtime service pushes the message to the visitor's socket, so `send` only mints an id.
 */
export function createWebchatAdapter(deps: AdapterDeps): ChannelAdapter {
  return {
    type: 'webchat',

    async verifyWebhook({ headers, rawBody, credentials, channelId }) {
      const parsed = parseCredentials('webchat', credentials);
      if (!parsed.ok) return { ok: false, reason: parsed.reason };
      const secret = parsed.value.session_secret;
      if (!secret) return { ok: false, reason: 'channel has no session_secret' };
      if (!channelId) return { ok: false, reason: 'webchat tokens are checked against a channel id' };
      const token = header(headers, WEBCHAT_TOKEN_HEADER);
      if (!token) return { ok: false, reason: `missing ${WEBCHAT_TOKEN_HEADER}` };
      const check = verifyWebchatToken(token, { secret, channelId, now: deps.clock() });
      if (!check.ok) return check;
      let visitorId: string;
      try {
        visitorId = readWebchatBody(rawBody).visitor_id;
      } catch {
        return { ok: false, reason: 'unreadable webchat body' };
      }
      return visitorId === check.visitorId
        ? { ok: true }
        : { ok: false, reason: 'token is for another visitor' };
    },

    async parseInbound(body) {
      return parseWebchatMessage(body, deps.clock());
    },

    async send() {
      return { provider_message_id: deps.ids() };
    },

    async verifyCredentials() {
      return { ok: true };
    },
  };
}
