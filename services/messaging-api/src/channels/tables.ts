import { idColumn, timestampColumns } from '@turumba/platform/db/columns';
import { boolean, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const channelTypes = ['telegram', 'whatsapp', 'messenger', 'sms', 'email', 'webchat'] as const;
export const channelStatuses = ['connected', 'disconnected', 'rate_limited', 'error', 'disabled'] as const;

/** A provider connection of an account (a Telegram bot, a WhatsApp number, a mailbox, a widget). */
export const channels = pgTable(
  'channels',
  {
    id: idColumn(),
    accountId: uuid('account_id').notNull(),
    channelType: text('channel_type', { enum: channelTypes }).notNull(),
    name: text('name').notNull(),
    status: text('status', { enum: channelStatuses }).notNull().default('disconnected'),
    isEnabled: boolean('is_enabled').notNull().default(true),
    /** AES-256-GCM ciphertext of the credentials JSON; never returned by the API. */
    credentialsCiphertext: text('credentials_ciphertext').notNull(),
    /** Names of the credential fields that are set (what the API shows instead of values). */
    credentialFields: jsonb('credential_fields').$type<string[]>().notNull().default([]),
    /** Non-secret per-channel settings (rate limits, widget appearance...). */
    settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
    lastError: text('last_error'),
    verifiedAt: timestamp('verified_at', { withTimezone: true }),
    ...timestampColumns(),
  },
  (t) => [index('channels_account_idx').on(t.accountId, t.channelType)],
);
