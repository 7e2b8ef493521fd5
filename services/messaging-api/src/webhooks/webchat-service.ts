import type { VisitorSession, WebchatHistoryMessage, WebchatHistoryQuery } from '@turumba/contracts';
import { NotFound, RateLimited, Unauthorized, ValidationFailed } from '@turumba/platform/errors';
import type { Kv } from '@turumba/platform/kv';
import {
  claimedWebchatChannel,
  InboundPayloadError,
  issueWebchatToken,
  verifyWebchatToken,
} from '../channels/adapters';
import { readWebchatBody } from '../channels/adapters/webchat/parse';
import { WEBCHAT_TOKEN_TTL_SECONDS } from '../channels/adapters/webchat/session-token';
import { type ChannelStore, isChannelLive, type LoadedChannel } from '../channels/channel-store';
import { takeRateToken } from '../channels/rate-limiter';
import type { IncomingWebhook, WebhookService } from './service';
import type { VisitorMessageRow, WebchatRepo } from './webchat-repo';

export interface WebchatServiceDeps {
  webhooks: WebhookService;
  channels: ChannelStore;
  repo: WebchatRepo;
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

function toVisitorMessage(row: VisitorMessageRow): WebchatHistoryMessage {
  return {
    id: row.id,
    conversation_id: row.conversationId,
    direction: row.direction,
    sender_type: row.senderType,
    content: row.content,
    attachments: row.attachments,
    status: row.status,
    reply_to_message_id: row.replyToMessageId,
    created_at: row.createdAt.toISOString(),
  };
}

/** The widget's public API: visitor sessions and messages, rate-limited per visitor and per IP. */
export function createWebchatService(deps: WebchatServiceDeps) {
  async function limit(key: string, perMinute: number) {
    const decision = await takeRateToken(deps.kv, `webchat:${key}`, perMinute, 60, deps.clock());
    if (!decision.allowed) throw new RateLimited(decision.retryAfterSeconds);
  }

  /** A live web-chat channel with its session secret, or undefined. */
  async function webchatChannel(channelId: string) {
    if (!uuid.test(channelId)) return undefined;
    const channel = await deps.channels.loadForWebhook(channelId.toLowerCase());
    const secret = channel?.credentials.session_secret;
    if (channel?.type !== 'webchat' || !isChannelLive(channel.row) || typeof secret !== 'string') {
      return undefined;
    }
    return { channel, secret };
  }

  /** The visitor a token proves, or 401 (the reason is logged by nobody: it is the client's). */
  function visitorOf(channel: LoadedChannel, secret: string, token: string | undefined): string {
    if (!token) throw new Unauthorized('A visitor session token (X-Webchat-Token) is required');
    const check = verifyWebchatToken(token, { secret, channelId: channel.row.id, now: deps.clock() });
    if (!check.ok) throw new Unauthorized(`Invalid visitor session: ${check.reason}`);
    return check.visitorId;
  }

  return {
    /**
     * `POST /internal/webchat/sessions/verify` (Realtime's `/customers` handshake): whose token
     * it is, and their current conversation. An unknown or disabled channel is 401 too, so a
     * token never tells its holder more than "invalid".
     */
    async verifySession(token: string): Promise<VisitorSession> {
      const claimed = claimedWebchatChannel(token);
      const found = claimed ? await webchatChannel(claimed) : undefined;
      if (!found) throw new Unauthorized('Invalid visitor session');
      const visitorId = visitorOf(found.channel, found.secret, token);
      const { row } = found.channel;
      return {
        channel_id: row.id,
        visitor_id: visitorId,
        account_id: row.accountId,
        conversation_id: await deps.repo.currentConversationId(row.accountId, row.id, visitorId),
      };
    },

    /** The visitor's own thread, newest page first (contracts/webchat.ts). */
    async listVisitorMessages(
      channelId: string,
      ip: string,
      token: string | undefined,
      query: WebchatHistoryQuery,
    ) {
      await limit(`history-ip:${ip}`, deps.messagesPerMinute * 4);
      const found = await webchatChannel(channelId);
      if (!found) throw new NotFound('Channel');
      const visitorId = visitorOf(found.channel, found.secret, token);
      const { row } = found.channel;
      const meta = { skip: 0, limit: query.limit, next_cursor: null as string | null };
      const conversationId = await deps.repo.currentConversationId(row.accountId, row.id, visitorId);
      if (!conversationId) {
        if (query.before) throw new NotFound('Message');
        return { data: [], meta };
      }
      const page = await deps.repo.visibleMessages(row.accountId, conversationId, {
        beforeId: query.before,
        limit: query.limit,
      });
      if (!page) throw new NotFound('Message');
      const oldest = page.rows[0];
      return {
        data: page.rows.map(toVisitorMessage),
        meta: { ...meta, next_cursor: page.hasOlder && oldest ? oldest.id : null },
      };
    },

    /** A new visitor, or the same visitor again when a still-valid token is presented. */
    async startSession(channelId: string, ip: string, presentedToken: string | undefined) {
      if (!uuid.test(channelId)) throw new NotFound('Channel');
      await limit(`session-ip:${ip}`, deps.messagesPerMinute * 4);
      const found = await webchatChannel(channelId);
      if (!found) throw new NotFound('Channel');
      const { channel, secret } = found;
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
      // Our own widget's body: a malformed one is the client's error (422), never stored.
      try {
        readWebchatBody(input.rawBody);
      } catch (err) {
        if (!(err instanceof InboundPayloadError)) throw err;
        throw new ValidationFailed([{ field: 'body', message: err.message }]);
      }
      return deps.webhooks.receiveWebhook({ ...input, channelType: 'webchat' });
    },
  };
}
export type WebchatService = ReturnType<typeof createWebchatService>;
