import { isUniqueViolation } from '@turumba/platform/db';
import { Conflict, NotFound } from '@turumba/platform/errors';

export class ContactNotFound extends NotFound {
  constructor() {
    super('Contact');
  }
}

/** 409 naming the field when `err` is the phone or email unique index, else undefined. */
export function duplicateContactConflict(err: unknown): Conflict | undefined {
  if (isUniqueViolation(err, 'contacts_account_phone_uq')) {
    return new Conflict('Another contact of this account has this phone', { field: 'phone' });
  }
  if (isUniqueViolation(err, 'contacts_account_email_uq')) {
    return new Conflict('Another contact of this account has this email', { field: 'email' });
  }
  return undefined;
}

/** Runs `write`, turning a duplicate phone or email into 409. */
export async function rejectingDuplicates<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    throw duplicateContactConflict(err) ?? err;
  }
}
