import { ChannelType } from '@turumba/contracts';
import type { FieldRules } from '@turumba/platform/query';
import { z } from 'zod';
import { channelStatuses, channelTypes } from './tables';

export const ChannelStatus = z.enum(channelStatuses);
export type ChannelStatus = z.infer<typeof ChannelStatus>;

/** Non-secret per-channel settings; unknown keys are kept for the widget and future features. */
export const ChannelSettings = z
  .object({
    /** Outbound messages per second through this channel (the dispatcher's token bucket). */
    rate_limit_per_second: z.number().int().min(1).max(1000).optional(),
  })
  .loose();

/** Credential values are write-only; `null` removes an optional field on PATCH. */
const CredentialsInput = z.record(z.string().max(100), z.unknown());

export const ChannelCreate = z.object({
  channel_type: ChannelType,
  name: z.string().trim().min(1).max(200),
  credentials: CredentialsInput.default({}),
  settings: ChannelSettings.default({}),
  is_enabled: z.boolean().default(true),
});
export type ChannelCreate = z.infer<typeof ChannelCreate>;

export const ChannelUpdate = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  /** Merged into the stored credentials: only the given fields change. */
  credentials: CredentialsInput.optional(),
  settings: ChannelSettings.optional(),
  is_enabled: z.boolean().optional(),
});
export type ChannelUpdate = z.infer<typeof ChannelUpdate>;

/** A channel as the API shows it: credential names, never values. */
export const Channel = z.object({
  id: z.uuid(),
  account_id: z.uuid(),
  channel_type: ChannelType,
  name: z.string(),
  status: ChannelStatus,
  is_enabled: z.boolean(),
  credentials_set: z.array(z.string()),
  settings: z.record(z.string(), z.unknown()),
  last_error: z.string().nullable(),
  verified_at: z.iso.datetime().nullable(),
  /** Where the provider must send webhooks: `${PUBLIC_URL}/v1/webhooks/${channel_type}/${id}`. */
  webhook_url: z.string(),
  /**
   * WhatsApp/Messenger: the token to paste into Meta's webhook settings with `webhook_url`. Not
   * usable against any provider API (it only answers Meta's subscription handshake), and the
   * admin cannot set up the channel without it, so it is the one credential value shown.
   */
  webhook_verify_token: z.string().nullable(),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
});
export type Channel = z.infer<typeof Channel>;

export const ChannelVerification = Channel.extend({
  verification: z.object({
    ok: z.boolean(),
    reason: z.string().optional(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
});

export const ChannelParams = z.object({ id: z.uuid() });

export const channelFilterRules: FieldRules = {
  channel_type: { type: 'enum', values: channelTypes, ops: ['eq', 'ne', 'in'], sortable: true },
  status: { type: 'enum', values: channelStatuses, ops: ['eq', 'ne', 'in'], sortable: true },
  is_enabled: { type: 'boolean', ops: ['eq'] },
  name: { type: 'string', ops: ['eq', 'icontains', 'startswith'], sortable: true },
  created_at: { type: 'datetime', ops: ['lt', 'le', 'gt', 'ge', 'range'], sortable: true },
};
