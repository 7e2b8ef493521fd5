import { signatureHeader, signGatewayRequest, timestampHeader } from '../auth/gateway-signature';

export const testGatewaySecret = 'test-gateway-secret-0123456789abcdef';
export const testServiceToken = 'test-service-token-0123456789abcdef';

export interface TestIdentity {
  userId: string;
  accountIds: string[];
  roleIds?: string[];
  /** account id → role key */
  accountRoles?: Record<string, string>;
}

/**
 * The headers the gateway would add to `method url` for this identity, signed with
 * `testGatewaySecret`: what backends' tests send through `app.inject`.
 */
export function gatewayHeaders(
  method: string,
  url: string,
  identity?: TestIdentity,
  secret = testGatewaySecret,
): Record<string, string> {
  const headers: Record<string, string> = identity
    ? {
        'x-user-id': identity.userId,
        'x-account-ids': identity.accountIds.join(','),
        'x-role-ids': (identity.roleIds ?? []).join(','),
        'x-account-roles': Object.entries(identity.accountRoles ?? {})
          .map(([account, role]) => `${account}:${role}`)
          .join(','),
      }
    : {};
  const timestamp = Math.floor(Date.now() / 1000);
  return {
    ...headers,
    [signatureHeader]: signGatewayRequest({ method, url, headers, timestamp }, secret),
    [timestampHeader]: String(timestamp),
  };
}
