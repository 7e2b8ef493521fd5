/*
 * Who may see or change whose preferences. Preferences belong to a user, not an account, so
 * visibility goes through shared accounts: a caller sees a user only when that user is a member of
 * one of the caller's (scoped) accounts; anyone else is reported as not found, never forbidden.
 *
 * - Everyone may read and write their own preferences.
 * - Admins and supervisors may read the preferences of their accounts' members.
 * - Only admins may write (create, update, delete) someone else's preferences.
 * - Agents get 403 for the other members of their accounts.
 */

export type AccessAction = 'read' | 'write';
export type AccessDecision = 'allow' | 'forbidden' | 'not_found';

export interface AccessRequest {
  callerId: string;
  /** account id → the caller's role key there. */
  callerRoles: Record<string, string>;
  targetId: string;
  /** The target's accounts among the caller's scoped accounts. */
  sharedAccountIds: readonly string[];
  action: AccessAction;
}

const rolesAllowed: Record<AccessAction, readonly string[]> = {
  read: ['admin', 'supervisor'],
  write: ['admin'],
};

export function decideAccess(request: AccessRequest): AccessDecision {
  if (request.callerId === request.targetId) return 'allow';
  if (request.sharedAccountIds.length === 0) return 'not_found';
  const allowed = rolesAllowed[request.action];
  const mayAct = request.sharedAccountIds.some((id) => allowed.includes(request.callerRoles[id] ?? ''));
  return mayAct ? 'allow' : 'forbidden';
}

/** The caller's accounts (within scope) whose members' preferences they may list. */
export function listableAccountIds(scope: readonly string[], callerRoles: Record<string, string>): string[] {
  return scope.filter((id) => rolesAllowed.read.includes(callerRoles[id] ?? ''));
}
