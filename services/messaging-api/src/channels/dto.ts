import type { ChannelRow } from './repo';
import type { Channel } from './schema';

/** `${PUBLIC_URL}/v1/webhooks/${channel_type}/${id}`: what the provider must call. */
export function webhookUrl(publicUrl: string, channel: Pick<ChannelRow, 'channelType' | 'id'>): string {
  return `${publicUrl.replace(/\/+$/, '')}/v1/webhooks/${channel.channelType}/${channel.id}`;
}

/** The channel as shown; `credentials` (decrypted) only feed `webhook_verify_token`. */
export function toChannelDto(
  row: ChannelRow,
  publicUrl: string,
  credentials: Record<string, unknown> = {},
): Channel {
  const verifyToken = credentials.verify_token;
  return {
    id: row.id,
    account_id: row.accountId,
    channel_type: row.channelType,
    name: row.name,
    status: row.status,
    is_enabled: row.isEnabled,
    credentials_set: row.credentialFields,
    settings: row.settings,
    last_error: row.lastError,
    verified_at: row.verifiedAt ? row.verifiedAt.toISOString() : null,
    webhook_url: webhookUrl(publicUrl, row),
    webhook_verify_token: typeof verifyToken === 'string' ? verifyToken : null,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

/**
 * Provider error texts can quote what they were sent; every credential value is blanked out
 * before such a text is stored, logged or returned.
 */
export function redactSecrets(text: string, credentials: Record<string, unknown>): string {
  let redacted = text;
  for (const value of Object.values(credentials)) {
    if (typeof value === 'string' && value.length >= 6) redacted = redacted.split(value).join('[redacted]');
  }
  return redacted.slice(0, 1_000);
}
