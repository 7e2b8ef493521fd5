import { idColumn, timestampColumns } from '@turumba/platform/db/columns';
import { index, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../users/tables';

export const accounts = pgTable('accounts', {
  id: idColumn(),
  name: text('name').notNull(),
  ...timestampColumns(),
});

/** Roles are per account; `key` is admin | supervisor | agent for the built-in ones. */
export const roles = pgTable(
  'roles',
  {
    id: idColumn(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    name: text('name').notNull(),
    permissions: jsonb('permissions').$type<string[]>().notNull().default([]),
    ...timestampColumns(),
  },
  (t) => [uniqueIndex('roles_account_key_uq').on(t.accountId, t.key)],
);

export const accountUsers = pgTable(
  'account_users',
  {
    id: idColumn(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    roleId: uuid('role_id')
      .notNull()
      .references(() => roles.id),
    ...timestampColumns(),
  },
  (t) => [
    uniqueIndex('account_users_account_user_uq').on(t.accountId, t.userId),
    index('account_users_user_idx').on(t.userId),
  ],
);
