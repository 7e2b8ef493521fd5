import { ProviderError } from '../channels/adapters';
import { redactSecrets } from '../channels/dto';

/** The bus should deliver the message again (after a provider asked us to wait, or a 5xx). */
export class RetryLater extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'RetryLater';
  }
}

export interface RetryTiming {
  /** First retry delay without a provider-given Retry-After; doubles per attempt. */
  baseDelayMs: number;
  /** Cap of any wait, a provider's Retry-After included. */
  maxDelayMs: number;
}

export type FailureDecision =
  | { kind: 'retry'; delayMs: number; error: Record<string, unknown> }
  | { kind: 'fail'; error: Record<string, unknown> };

/**
 * What to do after a send attempt threw (pure): retry what may succeed later (429 honouring
 * retry_after, 5xx, timeouts, network) until the last attempt; fail for good otherwise. The
 * stored error names the provider's status and code, with every credential value blanked.
 */
export function decideAfterFailure(
  err: unknown,
  attempt: number,
  isLastAttempt: boolean,
  timing: RetryTiming,
  credentials: Record<string, unknown>,
): FailureDecision {
  const message = redactSecrets(err instanceof Error ? err.message : String(err), credentials);
  if (err instanceof RetryLater) {
    const error = { code: 'rate_limited', message, retryable: !isLastAttempt, attempt };
    return isLastAttempt ? { kind: 'fail', error } : { kind: 'retry', delayMs: 0, error };
  }
  if (!(err instanceof ProviderError)) {
    const error = { code: 'internal_error', message, retryable: !isLastAttempt, attempt };
    return isLastAttempt ? { kind: 'fail', error } : { kind: 'retry', delayMs: 0, error };
  }
  const error = {
    code: err.code,
    message,
    retryable: err.retryable && !isLastAttempt,
    provider_status: err.providerStatus ?? null,
    provider_code: err.providerCode ?? null,
    retry_after: err.retryAfterSeconds ?? null,
    attempt,
  };
  if (!err.retryable || isLastAttempt) return { kind: 'fail', error };
  const backoff = timing.baseDelayMs * 2 ** Math.max(0, attempt - 1);
  const asked = (err.retryAfterSeconds ?? 0) * 1000;
  return { kind: 'retry', delayMs: Math.min(timing.maxDelayMs, Math.max(backoff, asked)), error };
}
