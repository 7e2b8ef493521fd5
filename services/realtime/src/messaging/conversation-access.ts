import { conversationAccessPath } from '@turumba/contracts';
import { ServiceUnavailable } from '@turumba/platform/errors';
import { createJsonClient, type JsonResponse, type RequestJson } from '../http/json-client';
import type { AgentIdentity } from '../identity/context-client';
import { signedHeaders } from './signed-headers';

export type CanSeeConversation = (identity: AgentIdentity, conversationId: string) => Promise<boolean>;

/**
 * Asks the Messaging API itself, as the user: `GET /v1/conversations/{id}` with gateway-signed
 * identity headers. It applies tenancy and role visibility; 200 means the user may see it.
 */
export function createConversationAccess(options: {
  messagingApiUrl: string;
  secret: string;
  requestJson?: RequestJson;
  now?: () => number;
}): CanSeeConversation {
  const requestJson = options.requestJson ?? createJsonClient();
  const now = options.now ?? Date.now;
  return async (identity, conversationId) => {
    const url = conversationAccessPath(conversationId);
    const headers = signedHeaders({ method: 'GET', url, identity }, options.secret, Math.floor(now() / 1000));
    let response: JsonResponse;
    try {
      response = await requestJson(new URL(url, options.messagingApiUrl), { headers });
    } catch {
      throw new ServiceUnavailable('Messaging service unreachable', 5);
    }
    if (response.status === 200) return true;
    if ([400, 403, 404, 422].includes(response.status)) return false;
    throw new ServiceUnavailable(`Messaging service answered ${response.status}`, 5);
  };
}
