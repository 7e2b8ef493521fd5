import { signatureHeader, signGatewayRequest, timestampHeader } from '@turumba/platform/auth';
import type { AgentIdentity } from '../identity/context-client';

/**
 * The headers the gateway adds when it forwards `method url` for this identity (ADR 0002; same
 * canonical string as services/gateway/src/proxy/forward.ts): the four identity headers, or none
 * for a public route, plus the HMAC signature and its timestamp.
 */
export function signedHeaders(
  request: { method: string; url: string; identity?: AgentIdentity },
  secret: string,
  nowSeconds: number,
): Record<string, string> {
  const { identity } = request;
  const headers: Record<string, string> = identity
    ? {
        'x-user-id': identity.userId,
        'x-account-ids': identity.accountIds.join(','),
        'x-role-ids': identity.roleIds.join(','),
        'x-account-roles': Object.entries(identity.accountRoles)
          .map(([accountId, role]) => `${accountId}:${role}`)
          .join(','),
      }
    : {};
  const signature = signGatewayRequest(
    { method: request.method, url: request.url, headers, timestamp: nowSeconds },
    secret,
  );
  return { ...headers, [signatureHeader]: signature, [timestampHeader]: String(nowSeconds) };
}
