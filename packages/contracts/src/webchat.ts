import { z } from 'zod';
import { listEnvelope } from './envelope';
import { VisitorMessage } from './socket';

/*
 * The web widget's public history call (no JWT; the visitor's session token):
 * `GET /v1/public/webchat/{channel_id}/messages?before=<message id>&limit=<1..100>`
 * with `X-Webchat-Token: <visitor session token>`.
 * - 200 `WebchatHistoryEnvelope`: the visitor's messages in their current (not closed)
 *   conversation on that channel, only what the customer sees (no private notes, no activity
 *   lines). Pages run newest first: the first call gives the latest `limit` messages; inside a
 *   page the messages are oldest → newest (render order). `meta.next_cursor` is the id of the
 *   oldest message of the page when older ones exist (pass it as `?before=`), else null.
 *   No conversation yet → an empty list.
 * - 401 missing, malformed, expired or wrongly signed token, or a token of another channel;
 *   404 unknown or disabled channel, or a `before` that is not a message of that conversation;
 *   422 bad query.
 */
export const WebchatHistoryQuery = z.object({
  before: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type WebchatHistoryQuery = z.infer<typeof WebchatHistoryQuery>;

/** One message of the history: what a visitor sees of a message (the socket's `VisitorMessage`). */
export type WebchatHistoryMessage = z.infer<typeof VisitorMessage>;

export const WebchatHistoryEnvelope = listEnvelope(VisitorMessage);
export type WebchatHistoryEnvelope = z.infer<typeof WebchatHistoryEnvelope>;
