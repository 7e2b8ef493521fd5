import type { AdapterRegistry, VerifyCredentialsResult } from './adapters';
import { redactSecrets, webhookUrl } from './dto';
import type { ChannelPatch, ChannelRow } from './repo';

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Points the provider at our webhook URL where the provider has an API for it (Telegram's
 * setWebhook, with the generated secret token). A failure leaves the channel in `error` with the
 * reason; it never fails the request that created or re-enabled the channel.
 */
export async function connectChannel(
  adapters: AdapterRegistry,
  row: ChannelRow,
  credentials: Record<string, unknown>,
  publicUrl: string,
): Promise<ChannelPatch> {
  if (!row.isEnabled) return { status: 'disabled' };
  const adapter = adapters[row.channelType];
  if (row.channelType === 'webchat') return { status: 'connected', lastError: null };
  if (!adapter.registerWebhook) return row.status === 'disabled' ? { status: 'disconnected' } : {};
  try {
    const secret = String(credentials.webhook_secret ?? '');
    await adapter.registerWebhook(credentials, webhookUrl(publicUrl, row), secret);
    return { status: 'connected', lastError: null };
  } catch (err) {
    return { status: 'error', lastError: redactSecrets(errorText(err), credentials) };
  }
}

/** Asks the provider whether the credentials work; the answer becomes status, verified_at, last_error. */
export async function checkCredentials(
  adapters: AdapterRegistry,
  row: ChannelRow,
  credentials: Record<string, unknown>,
  now: Date,
): Promise<{ patch: ChannelPatch; result: VerifyCredentialsResult }> {
  let result: VerifyCredentialsResult;
  try {
    result = await adapters[row.channelType].verifyCredentials(credentials);
  } catch (err) {
    result = { ok: false, reason: errorText(err), retryable: true };
  }
  if (result.ok) {
    const status = row.isEnabled ? 'connected' : 'disabled';
    return { patch: { status, verifiedAt: now, lastError: null }, result };
  }
  const reason = redactSecrets(result.reason, credentials);
  return { patch: { status: 'error', lastError: reason }, result: { ...result, reason } };
}
