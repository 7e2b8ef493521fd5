import { VerifyVisitorSessionResponse, type VisitorSession } from '@turumba/contracts';
import { ServiceUnavailable, Unauthorized } from '@turumba/platform/errors';
import { createJsonClient, type JsonResponse, type RequestJson } from '../http/json-client';

export type VerifyVisitor = (token: string) => Promise<VisitorSession>;

export const verifyVisitorPath = '/internal/webchat/sessions/verify';

/**
 * Realtime holds no channel secrets: the Messaging API checks the widget's session token
 * (`POST /internal/webchat/sessions/verify`, X-Service-Token; contract in internal-realtime.ts).
 */
export function createVisitorVerifier(options: {
  messagingApiUrl: string;
  serviceToken: string;
  requestJson?: RequestJson;
}): VerifyVisitor {
  const requestJson = options.requestJson ?? createJsonClient();
  return async (token) => {
    let response: JsonResponse;
    try {
      response = await requestJson(new URL(verifyVisitorPath, options.messagingApiUrl), {
        method: 'POST',
        headers: { 'x-service-token': options.serviceToken },
        body: { token },
      });
    } catch {
      throw new ServiceUnavailable('Messaging service unreachable', 5);
    }
    if ([401, 403, 404].includes(response.status)) throw new Unauthorized('Invalid visitor session');
    if (response.status !== 200)
      throw new ServiceUnavailable(`Messaging service answered ${response.status}`, 5);
    const body = VerifyVisitorSessionResponse.safeParse(response.body);
    if (!body.success) throw new ServiceUnavailable('Messaging service answered an unexpected body', 5);
    return body.data.data;
  };
}
