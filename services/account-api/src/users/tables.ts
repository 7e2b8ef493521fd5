import { idColumn, timestampColumns } from '@turumba/platform/db/columns';
import { boolean, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';

export const users = pgTable(
  'users',
  {
    id: idColumn(),
    /** Stored lower-cased. */
    email: text('email').notNull(),
    name: text('name').notNull(),
    /** `scrypt$N$r$p$salt$hash`; null for users who only sign in through Cognito. */
    passwordHash: text('password_hash'),
    cognitoSub: text('cognito_sub'),
    isActive: boolean('is_active').notNull().default(true),
    ...timestampColumns(),
  },
  (t) => [uniqueIndex('users_email_uq').on(t.email), uniqueIndex('users_cognito_sub_uq').on(t.cognitoSub)],
);
