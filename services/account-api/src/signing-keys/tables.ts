import { timestampColumns } from '@turumba/platform/db/columns';
import { jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * RS256 signing keys. The newest active key signs; every key not yet past `retire_after`
 * stays in the JWKS so tokens it signed keep verifying through a rotation.
 */
export const signingKeys = pgTable('signing_keys', {
  kid: text('kid').primaryKey(),
  privateKeyPem: text('private_key_pem').notNull(),
  publicJwk: jsonb('public_jwk').$type<Record<string, unknown>>().notNull(),
  /** When set, the key no longer signs; it is published until `retire_after`. */
  rotatedAt: timestamp('rotated_at', { withTimezone: true }),
  retireAfter: timestamp('retire_after', { withTimezone: true }),
  ...timestampColumns(),
});
