import { createHttp, type Http } from '../../lib/http';

/** `POST /v1/public/webchat/{channel_id}/sessions` → a visitor session (token valid 24 h, renewable). */
export interface VisitorSession {
  token: string;
  visitor_id: string;
  channel_id: string;
  expires_at: string;
}

export const TOKEN_HEADER = 'x-webchat-token';

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
    /** The HTTP fallback of the socket's `message:send` (same body: the webchat adapter's `WebchatInbound`). */
    sendMessage: (session: VisitorSession, message: { message_id: string; text: string }) =>
      http.post<{ received: boolean; duplicate?: boolean }>(
        `${base}/messages`,
        { visitor_id: session.visitor_id, ...message },
        { [TOKEN_HEADER]: session.token },
      ),
  };
};
