import { BadRequest, Forbidden, NotFound } from '../errors';
import type { RequestContext, RoleKey } from './request-context';

/**
 * The accounts a request may read: all of the user's, or the one named by `X-Account-Id`
 * when it is one of them. Another tenant's account is reported as not found, never forbidden.
 */
export function scopedAccountIds(
  context: RequestContext,
  requested: string | string[] | undefined,
): string[] {
  if (typeof requested !== 'string' || requested === '') return context.accountIds;
  if (!context.accountIds.includes(requested)) throw new NotFound('Account');
  return [requested];
}

/**
 * The account a create or other write applies to: `X-Account-Id` (one of the user's) or the
 * user's only account (ARCHITECTURE.md §4).
 */
export function accountForWrite(context: RequestContext, requested: string | string[] | undefined): string {
  if (typeof requested === 'string' && requested !== '') {
    if (!context.accountIds.includes(requested)) throw new NotFound('Account');
    return requested;
  }
  if (context.accountIds.length === 1) return context.accountIds[0]!;
  if (context.accountIds.length === 0) throw new NotFound('Account');
  throw new BadRequest('X-Account-Id is required: you belong to several accounts');
}

export function roleIn(context: RequestContext, accountId: string): RoleKey | undefined {
  const role = context.accountRoles[accountId];
  return role === 'admin' || role === 'supervisor' || role === 'agent' ? role : undefined;
}

/** Admins and supervisors see and manage the whole account. */
export function isManager(context: RequestContext, accountId: string): boolean {
  const role = roleIn(context, accountId);
  return role === 'admin' || role === 'supervisor';
}

/** 403 unless the user holds one of `roles` in the account (which must be theirs: else 404). */
export function requireRole(context: RequestContext, accountId: string, roles: readonly RoleKey[]): RoleKey {
  if (!context.accountIds.includes(accountId)) throw new NotFound('Account');
  const role = roleIn(context, accountId);
  if (!role || !roles.includes(role)) {
    throw new Forbidden(`This needs the ${roles.join(' or ')} role`);
  }
  return role;
}
