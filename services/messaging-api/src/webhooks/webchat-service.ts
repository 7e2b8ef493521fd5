import { NotFound, RateLimited } from '@turumba/platform/errors';
import type { Kv } from '@turumba/platform/kv';
import { issueWebchatToken, verifyWebchatToken } from '../channels/adapters';
import { WEBCHAT_TOKEN_TTL_SECONDS } from '../channels/adapters/webchat/session-token';
import { type ChannelStore, isChannelLive } from '../channels/channel-store';
import { takeRateToken } from '../channels/rate-limiter';
import type { IncomingWebhook, WebhookService } from './service';

export interface WebchatServiceDeps {
  webhooks: WebhookService;
  channels: ChannelStore;
  kv: Kv;
  clock: () => Date;
  ids: () => string;
  messagesPerMinute: number;
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The visitor a token claims, unverified: only a rate-limit key (verification follows). */
function claimedVisitor(token: string | undefined): string | undefined {
  const payload = token?.split('.')[1];
  if (!payload) return undefined;
  try {
    const sub = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')).sub;
    return typeof sub === 'string' ? sub.slice(0, 200) : undefined;
  } catch {
    return undefined;
  }
}

/** The widget's public API: visitor sessions and messages, rate-limited per visitor and per IP. */
export function createWebchatService(deps: WebchatServiceDeps) {
  async function limit(key: string, perMinute: number) {
    const decision = await takeRateToken(deps.kv, `webchat:${key}`, perMinute, 60, deps.clock());
    if (!decision.allowed) throw new RateLimited(decision.retryAfterSeconds);
  }

  return {
    /** A new visitor, or the same visitor again when a still-valid token is presented. */
    async startSession(channelId: string, ip: string, presentedToken: string | undefined) {
      if (!uuid.test(channelId)) throw new NotFound('Channel');
      await limit(`session-ip:${ip}`, deps.messagesPerMinute * 4);
      const channel = await deps.channels.loadForWebhook(channelId.toLowerCase());
      const secret = channel?.credentials.session_secret;
      if (channel?.type !== 'webchat' || !isChannelLive(channel.row) || typeof secret !== 'string') {
        throw new NotFound('Channel');
      }
      const now = deps.clock();
      const previous = presentedToken
        ? verifyWebchatToken(presentedToken, { secret, channelId: channel.row.id, now })
        : undefined;
      const visitorId = previous?.ok ? previous.visitorId : deps.ids();
      const token = issueWebchatToken({ secret, channelId: channel.row.id, now, visitorId });
      const expiresAt = new Date(now.getTime() + WEBCHAT_TOKEN_TTL_SECONDS * 1000).toISOString();
      return { token, visitor_id: visitorId, channel_id: channel.row.id, expires_at: expiresAt };
    },

    /** A visitor's message: rate limits, then the same verify → store → enqueue path as webhooks. */
    async postMessage(input: IncomingWebhook & { ip: string; token: string | undefined }) {
      await limit(`ip:${input.ip}`, deps.messagesPerMinute * 4);
      const visitor = claimedVisitor(input.token);
      if (visitor) await limit(`visitor:${input.channelId}:${visitor}`, deps.messagesPerMinute);
      return deps.webhooks.receiveWebhook({ ...input, channelType: 'webchat' });
    },
  };
}
export type WebchatService = ReturnType<typeof createWebchatService>;
