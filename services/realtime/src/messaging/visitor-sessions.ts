import { VerifyVisitorSessionResponse, type VisitorSession } from '@turumba/contracts';
import { ServiceUnavailable, Unauthorized } from '@turumba/platform/errors';

export type VerifyVisitor = (token: string) => Promise<VisitorSession>;

export const verifyVisitorPath = '/internal/webchat/sessions/verify';

/**
 * Realtime holds no channel secrets: the Messaging API checks the widget's session token
 * (`POST /internal/webchat/sessions/verify`, X-Service-Token; contract in internal-realtime.ts).
 */
export function createVisitorVerifier(options: {
  messagingApiUrl: string;
  serviceToken: string;
  fetchImpl?: typeof fetch;
}): VerifyVisitor {
  const fetchImpl = options.fetchImpl ?? fetch;
  return async (token) => {
    let response: Response;
    try {
      response = await fetchImpl(new URL(verifyVisitorPath, options.messagingApiUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-service-token': options.serviceToken },
        body: JSON.stringify({ token }),
        signal: AbortSignal.timeout(5000),
      });
    } catch {
      throw new ServiceUnavailable('Messaging service unreachable', 5);
    }
    if (response.status === 401 || response.status === 403 || response.status === 404) {
      await response.body?.cancel();
      throw new Unauthorized('Invalid visitor session');
    }
    if (!response.ok) throw new ServiceUnavailable(`Messaging service answered ${response.status}`, 5);
    const body = VerifyVisitorSessionResponse.safeParse(await response.json());
    if (!body.success) throw new ServiceUnavailable('Messaging service answered an unexpected body', 5);
    return body.data.data;
  };
}
