import { createHttp, type Http } from '../../lib/http';

/** `POST /v1/public/webchat/{channel_id}/sessions` → a visitor session (token valid 24 h, renewable). */
export interface VisitorSession {
  token: string;
  visitor_id: string;
  channel_id: string;
  expires_at: string;
}

export const TOKEN_HEADER = 'x-webchat-token';

/**
 * A message of the visitor's history as `GET /v1/public/webchat/{channel_id}/messages` lists it
 * (the text in `content`, or `text`); read leniently, see `fromHistory`.
 */
export interface HistoryMessage {
  id: string;
  conversation_id?: string | null;
  direction: string;
  sender_type: string;
  content?: string | null;
  text?: string | null;
  attachments?: unknown[] | null;
  status?: string | null;
  is_private?: boolean;
  created_at: string;
}

/** The widget's public API: no JWT, the visitor's session token in `X-Webchat-Token`. */
export const widgetApi = (channelId: string, http: Http = createHttp(null)) => {
  const base = `/v1/public/webchat/${encodeURIComponent(channelId)}`;
  return {
    /** A new session, or the same visitor's renewed one when the previous token is presented. */
    startSession: (previousToken?: string) =>
      http.post<VisitorSession>(
        `${base}/sessions`,
        {},
        previousToken ? { [TOKEN_HEADER]: previousToken } : {},
      ),
    /** The visitor's earlier messages, newest page first (`before`: the oldest one shown). */
    history: (session: VisitorSession, page: { before?: string; limit?: number } = {}) =>
      http
        .request<HistoryMessage[]>('GET', `${base}/messages`, {
          query: { before: page.before, limit: page.limit ?? 50 },
          headers: { [TOKEN_HEADER]: session.token },
        })
        .then((res) => (Array.isArray(res.data) ? res.data : [])),
    /** The HTTP fallback of the socket's `message:send` (same body: the webchat adapter's `WebchatInbound`). */
    sendMessage: (session: VisitorSession, message: { message_id: string; text: string }) =>
      http.post<{ received: boolean; duplicate?: boolean }>(
        `${base}/messages`,
        { visitor_id: session.visitor_id, ...message },
        { [TOKEN_HEADER]: session.token },
      ),
  };
};
