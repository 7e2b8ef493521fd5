import type { PublicWebchatMessageRequest, VisitorSession } from '@turumba/contracts';
import { ServiceUnavailable } from '@turumba/platform/errors';
import { createJsonClient, type JsonResponse, type RequestJson } from '../http/json-client';
import { signedHeaders } from './signed-headers';

export const webchatTokenHeader = 'x-webchat-token';

export type ForwardResult =
  | { ok: true; data: Record<string, unknown> }
  | { ok: false; error: 'unauthorized' | 'validation_error' | 'rate_limited'; message: string };

export type ForwardVisitorMessage = (
  visitor: VisitorSession,
  token: string,
  body: PublicWebchatMessageRequest,
) => Promise<ForwardResult>;

const refusals: Record<number, Exclude<ForwardResult, { ok: true }>['error']> = {
  400: 'validation_error',
  401: 'unauthorized',
  403: 'unauthorized',
  422: 'validation_error',
  429: 'rate_limited',
};

/**
 * A visitor's `message:send` becomes the public widget call the browser could make itself:
 * `POST /v1/public/webchat/{channel_id}/messages` with the session token, signed like a public
 * route the gateway forwards (empty identity).
 */
export function createVisitorMessageForwarder(options: {
  messagingApiUrl: string;
  secret: string;
  requestJson?: RequestJson;
  now?: () => number;
}): ForwardVisitorMessage {
  const requestJson = options.requestJson ?? createJsonClient();
  const now = options.now ?? Date.now;
  return async (visitor, token, body) => {
    const url = `/v1/public/webchat/${visitor.channel_id}/messages`;
    const signed = signedHeaders({ method: 'POST', url }, options.secret, Math.floor(now() / 1000));
    let response: JsonResponse;
    try {
      response = await requestJson(new URL(url, options.messagingApiUrl), {
        method: 'POST',
        headers: { ...signed, [webchatTokenHeader]: token },
        body,
        timeoutMs: 10_000,
      });
    } catch {
      throw new ServiceUnavailable('Messaging service unreachable', 5);
    }
    const json = (response.body ?? {}) as { data?: unknown; message?: unknown };
    if (response.status >= 200 && response.status < 300) {
      return { ok: true, data: (json.data ?? {}) as Record<string, unknown> };
    }
    const error = refusals[response.status];
    if (!error) throw new ServiceUnavailable(`Messaging service answered ${response.status}`, 5);
    return { ok: false, error, message: typeof json.message === 'string' ? json.message : error };
  };
}
