import { errorFromHttpStatus, ProviderError } from '../errors';
import { callProvider, joinUrl } from '../shared/http';
import type { AdapterDeps } from '../types';
import { TgResponse } from './schema';

/**
 * Calls a Bot API method and returns `result`. Errors follow "Making requests": `ok: false`,
 * `error_code`, `description`, and for flood control `parameters.retry_after` (seconds).
 */
export async function callTelegram(
  deps: AdapterDeps,
  base: string,
  botToken: string,
  method: string,
  params?: Record<string, unknown>,
): Promise<unknown> {
  const response = await callProvider(deps, {
    provider: 'Telegram',
    method: params ? 'POST' : 'GET',
    url: joinUrl(base, `bot${botToken}/${method}`),
    headers: params ? { 'content-type': 'application/json' } : undefined,
    body: params ? JSON.stringify(params) : undefined,
  });
  const envelope = TgResponse.safeParse(response.body);
  if (response.ok && envelope.success && envelope.data.ok) return envelope.data.result;
  const data = envelope.success ? envelope.data : undefined;
  const status = response.ok ? (data?.error_code ?? 502) : response.status;
  const failure = {
    provider: 'Telegram',
    status,
    message: data?.description,
    providerCode: data?.error_code,
    retryAfterSeconds: data?.parameters?.retry_after ?? response.retryAfterSeconds,
  };
  // 403 from Telegram means the user blocked the bot or never started it, not a bad token (401).
  if (status === 403) {
    throw new ProviderError({
      code: 'rejected',
      message: `Telegram refused: ${failure.message ?? 'Forbidden'}`,
      retryable: false,
      providerStatus: status,
      providerCode: failure.providerCode,
    });
  }
  throw errorFromHttpStatus(failure);
}
