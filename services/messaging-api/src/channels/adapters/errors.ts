/**
 * Stable codes the dispatcher can branch on. Provider-specific refusals get their own code
 * (`whatsapp_window_closed`); the provider's own numeric code travels in `providerCode`.
 */
export type ProviderErrorCode =
  | 'rate_limited'
  | 'provider_unavailable'
  | 'network_error'
  | 'timeout'
  | 'unauthorized'
  | 'rejected'
  | 'invalid_credentials'
  | 'invalid_message'
  | 'unsupported_message'
  | 'whatsapp_window_closed'
  | 'messenger_window_closed';

export interface ProviderErrorInit {
  code: ProviderErrorCode;
  message: string;
  retryable: boolean;
  retryAfterSeconds?: number;
  /** The HTTP status (or SMTP reply code) the provider answered with. */
  providerStatus?: number;
  /** The provider's own error code (Telegram error_code, Meta error.code, Twilio code). */
  providerCode?: string | number;
}

/** A send or provider call that failed. `retryable: false` means retrying cannot help. */
export class ProviderError extends Error {
  readonly code: ProviderErrorCode;
  readonly retryable: boolean;
  readonly retryAfterSeconds?: number;
  readonly providerStatus?: number;
  readonly providerCode?: string | number;

  constructor(init: ProviderErrorInit) {
    super(init.message);
    this.name = 'ProviderError';
    this.code = init.code;
    this.retryable = init.retryable;
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.providerStatus = init.providerStatus;
    this.providerCode = init.providerCode;
  }
}

export function permanent(code: ProviderErrorCode, message: string): ProviderError {
  return new ProviderError({ code, message, retryable: false });
}

/** Parses a Retry-After header given in seconds (the HTTP-date form is not used by these providers). */
export function retryAfterFromHeader(value: string | null): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.ceil(seconds) : undefined;
}

export interface HttpFailure {
  provider: string;
  status: number;
  message?: string;
  providerCode?: string | number;
  retryAfterSeconds?: number;
}

/** The default status mapping: 429 and 5xx/408 are worth retrying, other 4xx are not. */
export function errorFromHttpStatus(failure: HttpFailure): ProviderError {
  const { provider, status } = failure;
  const detail = failure.message ?? `HTTP ${status}`;
  const base = { providerStatus: status, providerCode: failure.providerCode };
  if (status === 429) {
    return new ProviderError({
      ...base,
      code: 'rate_limited',
      message: `${provider} rate limit: ${detail}`,
      retryable: true,
      retryAfterSeconds: failure.retryAfterSeconds,
    });
  }
  if (status >= 500 || status === 408) {
    return new ProviderError({
      ...base,
      code: 'provider_unavailable',
      message: `${provider} unavailable: ${detail}`,
      retryable: true,
      retryAfterSeconds: failure.retryAfterSeconds,
    });
  }
  const code = status === 401 || status === 403 ? 'unauthorized' : 'rejected';
  return new ProviderError({ ...base, code, message: `${provider} refused: ${detail}`, retryable: false });
}

/** An authenticated webhook body that is not what the provider documents. Not retryable. */
export class InboundPayloadError extends Error {
  constructor(provider: string, detail: string) {
    super(`${provider} webhook payload not understood: ${detail}`);
    this.name = 'InboundPayloadError';
  }
}
