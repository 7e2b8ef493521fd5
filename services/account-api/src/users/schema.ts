import type { FieldRules } from '@turumba/platform/query';
import { z } from 'zod';
import type { MemberRow } from '../accounts/members-repo';
import { ContextAccount } from '../context/dto';
import type { UserRow } from './repo';

/** A user as a member of one account. */
export const Member = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  is_active: z.boolean(),
  account_id: z.uuid(),
  role: z.string(),
  role_id: z.uuid(),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
  /** When they joined this account. */
  joined_at: z.iso.datetime(),
});
export type Member = z.infer<typeof Member>;

/** Me, with every account I belong to (never the password hash). */
export const Me = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  is_active: z.boolean(),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
  accounts: z.array(ContextAccount),
});
export type Me = z.infer<typeof Me>;

export const UserName = z.string().trim().min(1).max(120);
export const NewPassword = z.string().min(10, 'at least 10 characters').max(1024);
const RoleKeyField = z.string().min(1).max(40);

export const AddUserRequest = z.object({
  email: z.email().max(320),
  name: UserName,
  /** A role key of the account: admin, supervisor, agent or a custom one. */
  role: RoleKeyField.default('agent'),
  /** Needed when the email is new (local sign-in); ignored when linking an existing user. */
  password: NewPassword.optional(),
});
export type AddUserRequest = z.infer<typeof AddUserRequest>;

export const UpdateUserRequest = z
  .object({ name: UserName.optional(), role: RoleKeyField.optional(), is_active: z.boolean().optional() })
  .refine(
    (b) => b.name !== undefined || b.role !== undefined || b.is_active !== undefined,
    'Nothing to change',
  );
export type UpdateUserRequest = z.infer<typeof UpdateUserRequest>;

export const UpdateMeRequest = z.object({ name: UserName });

export const UserIdParams = z.object({ id: z.uuid() });

export const memberRules: FieldRules = {
  email: { type: 'string', ops: ['eq', 'icontains', 'startswith', 'endswith', 'in'], sortable: true },
  name: { type: 'string', ops: ['eq', 'icontains', 'startswith'], sortable: true },
  role: { type: 'string', ops: ['eq', 'ne', 'in'], sortable: true },
  is_active: { type: 'boolean', ops: ['eq'] },
  created_at: { type: 'datetime', ops: ['lt', 'le', 'gt', 'ge', 'range'], sortable: true },
};

export function toMemberDto(row: MemberRow): Member {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    is_active: row.isActive,
    account_id: row.accountId,
    role: row.role,
    role_id: row.roleId,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
    joined_at: row.joinedAt.toISOString(),
  };
}

export function toMeDto(user: UserRow, accounts: Me['accounts']): Me {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    is_active: user.isActive,
    created_at: user.createdAt.toISOString(),
    updated_at: user.updatedAt.toISOString(),
    accounts,
  };
}
