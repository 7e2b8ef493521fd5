import type { FieldRules } from '@turumba/platform/query';
import { z } from 'zod';
import { defaultRoles } from '../accounts/default-roles';
import type { RoleRow } from './repo';

export const Role = z.object({
  id: z.uuid(),
  account_id: z.uuid(),
  key: z.string(),
  name: z.string(),
  permissions: z.array(z.string()),
  /** admin, supervisor and agent: they cannot be deleted and their key drives access. */
  is_built_in: z.boolean(),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
});
export type Role = z.infer<typeof Role>;

const RoleName = z.string().trim().min(1).max(80);
const Permissions = z.array(z.string().regex(/^[a-z_*]+(:[a-z_*]+)?$/, 'like "conversations:read"')).max(100);

export const CreateRoleRequest = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, 'lower-case letters, digits and _ (2–40)'),
  name: RoleName,
  permissions: Permissions.default([]),
});

export const UpdateRoleRequest = z
  .object({ name: RoleName.optional(), permissions: Permissions.optional() })
  .refine((body) => body.name !== undefined || body.permissions !== undefined, 'Nothing to change');

export const RoleIdParams = z.object({ id: z.uuid() });

export const roleRules: FieldRules = {
  key: { type: 'string', ops: ['eq', 'in'], sortable: true },
  name: { type: 'string', ops: ['eq', 'icontains', 'startswith'], sortable: true },
  created_at: { type: 'datetime', ops: ['lt', 'le', 'gt', 'ge', 'range'], sortable: true },
};

export const isBuiltInRole = (key: string) => Object.hasOwn(defaultRoles, key);

export function toRoleDto(row: RoleRow): Role {
  return {
    id: row.id,
    account_id: row.accountId,
    key: row.key,
    name: row.name,
    permissions: row.permissions,
    is_built_in: isBuiltInRole(row.key),
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}
