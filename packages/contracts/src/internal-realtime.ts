import { z } from 'zod';
import { itemEnvelope } from './envelope';
import { VisitorMessageSend } from './socket';

/*
 * HTTP calls the Realtime service makes to the Messaging API (MESSAGING_API_URL). Realtime holds
 * no channel secrets and no database; it asks.
 */

/**
 * `POST /internal/webchat/sessions/verify` with `X-Service-Token: <SERVICE_TOKEN>`.
 * The Messaging API checks a visitor session token (HS256, `aud` = channel id, `sub` = visitor id,
 * signed with the webchat channel's `session_secret`; see channels/adapters/webchat/session-token.ts)
 * and says whose it is.
 * - 200 `itemEnvelope(VisitorSession)` for a valid token of an active webchat channel;
 *   `conversation_id` is the visitor's current (not closed) conversation on that channel, if any.
 * - 401 `unauthorized` for a malformed, expired or wrongly signed token, or an unknown channel.
 * - 401 without a valid service token.
 */
export const VerifyVisitorSessionRequest = z.object({ token: z.string().min(1).max(4096) });
export type VerifyVisitorSessionRequest = z.infer<typeof VerifyVisitorSessionRequest>;

export const VisitorSession = z.object({
  channel_id: z.uuid(),
  visitor_id: z.string().min(1).max(200),
  account_id: z.uuid(),
  conversation_id: z.uuid().nullable(),
});
export type VisitorSession = z.infer<typeof VisitorSession>;

export const VerifyVisitorSessionResponse = itemEnvelope(VisitorSession);

/**
 * `POST /v1/public/webchat/{channel_id}/messages`: a visitor's message sent over the socket.
 * Sent as the gateway sends public routes (ADR 0002): `x-gateway-signature` and
 * `x-gateway-timestamp` over method, path and empty identity headers, with
 * `GATEWAY_SHARED_SECRET`; plus `X-Webchat-Token: <visitor session token>`. The body is what the
 * widget would post itself (the webchat adapter's `WebchatInbound`).
 * - 201/202 `itemEnvelope(PublicWebchatMessageAccepted)`
 * - 401 bad token or token of another visitor/channel; 422 bad body; 429 rate limited.
 */
export const PublicWebchatMessageRequest = VisitorMessageSend.extend({
  visitor_id: z.string().min(1).max(200),
});
export type PublicWebchatMessageRequest = z.infer<typeof PublicWebchatMessageRequest>;

export const PublicWebchatMessageAccepted = z.object({
  /** The stored message's id once known; the message itself arrives as `conversation:message`. */
  message_id: z.uuid().nullable().optional(),
  conversation_id: z.uuid().nullable().optional(),
});
export type PublicWebchatMessageAccepted = z.infer<typeof PublicWebchatMessageAccepted>;

/**
 * `GET /v1/conversations/{id}` (existing route), called directly with the identity headers the
 * gateway would send for the socket's user (`x-user-id`, `x-account-ids`, `x-role-ids`,
 * `x-account-roles`) signed with `GATEWAY_SHARED_SECRET`. 200 → the user may see the
 * conversation and joins `conv:{id}`; 404/403 → the join is refused as `not_found`.
 */
export const conversationAccessPath = (conversationId: string) => `/v1/conversations/${conversationId}`;
