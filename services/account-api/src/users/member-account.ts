import { scopedAccountIds } from '@turumba/platform/auth';
import { BadRequest, NotFound } from '@turumba/platform/errors';
import type { Caller } from '../accounts/authorize';
import type { AccountHeader, UserServiceDeps } from './deps';

/**
 * The account in which `/v1/users/{id}` acts: `X-Account-Id` when given, otherwise the one account
 * the caller shares with that user. A user the caller shares no account with is 404.
 */
export async function memberAccount(
  deps: Pick<UserServiceDeps, 'members'>,
  caller: Caller,
  requested: AccountHeader,
  userId: string,
): Promise<string> {
  const candidates = await deps.members.accountsOf(userId, scopedAccountIds(caller, requested));
  if (candidates.length === 0) throw new NotFound('User');
  if (candidates.length > 1) {
    throw new BadRequest('X-Account-Id is required: you share several accounts with this user');
  }
  return candidates[0]!;
}
