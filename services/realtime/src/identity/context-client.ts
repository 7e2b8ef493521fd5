import { Unauthorized } from '@turumba/platform/errors';

export interface AgentIdentity {
  userId: string;
  accountIds: string[];
  accountRoles: Record<string, string>;
}

/** Asks the Account API who a (verified) token belongs to and which accounts they may see. */
export function createContextClient(accountApiUrl: string, fetchImpl: typeof fetch = fetch) {
  return async function fetchIdentity(token: string): Promise<AgentIdentity> {
    const response = await fetchImpl(new URL('/context/basic', accountApiUrl), {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(5000),
    });
    if (response.status === 401) throw new Unauthorized('Invalid token');
    if (!response.ok) throw new Error(`account api answered ${response.status} for /context/basic`);
    const body = (await response.json()) as {
      data: { user_id: string; account_ids: string[]; accounts: Array<{ account_id: string; role: string }> };
    };
    return {
      userId: body.data.user_id,
      accountIds: body.data.account_ids,
      accountRoles: Object.fromEntries(body.data.accounts.map((a) => [a.account_id, a.role])),
    };
  };
}
export type FetchIdentity = ReturnType<typeof createContextClient>;
