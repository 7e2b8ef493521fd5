import { z } from 'zod';
import type { AccountWithRole } from './repo';

export const Account = z.object({
  id: z.uuid(),
  name: z.string(),
  /** The caller's role in this account. */
  role: z.string(),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
});
export type Account = z.infer<typeof Account>;

const AccountName = z.string().trim().min(1).max(120);

export const CreateAccountRequest = z.object({ name: AccountName });
export const UpdateAccountRequest = z.object({ name: AccountName });
export const AccountIdParams = z.object({ id: z.uuid() });

export function toAccountDto(row: AccountWithRole): Account {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

/** `X-Account-Id` picks one of my accounts (required for writes when I belong to several). */
export const AccountHeaders = z.looseObject({ 'x-account-id': z.uuid().optional() });
