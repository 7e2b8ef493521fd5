import type { RoleKey } from '@turumba/platform/auth';

/** The built-in roles every account starts with (ARCHITECTURE.md §4). */
export const defaultRoles: Record<RoleKey, { name: string; permissions: string[] }> = {
  admin: { name: 'Administrator', permissions: ['*'] },
  supervisor: {
    name: 'Supervisor',
    permissions: [
      'conversations:*',
      'contacts:*',
      'teams:read',
      'users:read',
      'reports:read',
      'canned_responses:*',
    ],
  },
  agent: {
    name: 'Agent',
    permissions: ['conversations:read', 'conversations:reply', 'contacts:read', 'canned_responses:read'],
  },
};
