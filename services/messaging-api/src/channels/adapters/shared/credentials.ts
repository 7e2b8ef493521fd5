import { type ChannelType, type CredentialsOf, parseCredentials } from '../credentials';
import { ProviderError, permanent } from '../errors';
import type { ChannelCredentials, VerifyCredentialsResult } from '../types';

/** Validates stored credentials before a provider call; a bad shape is a permanent failure. */
export function requireCredentials<T extends ChannelType>(
  type: T,
  raw: ChannelCredentials,
): CredentialsOf<T> {
  const result = parseCredentials(type, raw);
  if (!result.ok) throw permanent('invalid_credentials', result.reason);
  return result.value;
}

/** Runs a credentials probe, turning any failure into the port's `{ ok: false }` answer. */
export async function probeCredentials(
  probe: () => Promise<Record<string, unknown> | undefined>,
): Promise<VerifyCredentialsResult> {
  try {
    const details = await probe();
    return details ? { ok: true, details } : { ok: true };
  } catch (err) {
    if (err instanceof ProviderError) {
      return err.retryable
        ? { ok: false, reason: err.message, retryable: true }
        : { ok: false, reason: err.message };
    }
    throw err;
  }
}
