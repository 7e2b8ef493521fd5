import { type FieldError, ValidationFailed } from '@turumba/platform/errors';
import type { AccountDirectory } from './directory';

/** Ids of Account API rows taken from a request body; null or absent needs no check. */
export interface References {
  assigneeId?: string | null;
  teamId?: string | null;
  contactId?: string | null;
}

/**
 * Refuses a write that would point at another account's user, team or contact (ARCHITECTURE.md
 * §4): the Messaging API does not own these rows, so it asks the Account API before storing their
 * ids. Every foreign id is reported at once as a 422 field error, worded like the Account API's
 * own (`Not a user of this account`). An unreachable Account API fails the request with 503.
 */
export async function requireOwnReferences(
  directory: AccountDirectory,
  accountId: string,
  references: References,
): Promise<void> {
  const checks: Array<Promise<FieldError | null>> = [];
  type IsOwn = (accountId: string, id: string) => Promise<boolean>;
  function check(id: string | null | undefined, field: string, noun: string, isOwn: IsOwn) {
    if (!id) return;
    const error = { field: `body.${field}`, message: `Not a ${noun} of this account` };
    checks.push(isOwn(accountId, id).then((own) => (own ? null : error)));
  }
  check(references.assigneeId, 'assignee_id', 'user', (a, id) => directory.isMember(a, id));
  check(references.teamId, 'team_id', 'team', (a, id) => directory.isTeamOf(a, id));
  check(references.contactId, 'contact_id', 'contact', (a, id) => directory.isContactOf(a, id));
  const errors = (await Promise.all(checks)).filter((error): error is FieldError => error !== null);
  if (errors.length > 0) throw new ValidationFailed(errors);
}

/** Whether any of the references needs asking the Account API. */
export const hasReferences = (references: References) =>
  Boolean(references.assigneeId || references.teamId || references.contactId);
