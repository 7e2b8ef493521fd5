import { ProviderError, retryAfterFromHeader } from '../errors';
import type { AdapterDeps } from '../types';

export interface ProviderRequest {
  provider: string;
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface ProviderResponse {
  status: number;
  ok: boolean;
  /** Parsed JSON, or the raw text when the body is not JSON. */
  body: unknown;
  retryAfterSeconds?: number;
}

/**
 * One HTTP call to a provider. Connection failures and timeouts become retryable
 * `ProviderError`s; HTTP error statuses are returned for the caller's provider-specific mapping.
 * A timeout is retryable even though the provider may have accepted the message: a rare
 * duplicate is better than a lost reply.
 */
export async function callProvider(deps: AdapterDeps, request: ProviderRequest): Promise<ProviderResponse> {
  let response: Response;
  let text: string;
  try {
    response = await deps.fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: AbortSignal.timeout(deps.timeoutMs),
    });
    text = await response.text();
  } catch (err) {
    const isTimeout = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
    throw new ProviderError({
      code: isTimeout ? 'timeout' : 'network_error',
      message: `${request.provider} ${isTimeout ? 'timed out' : 'unreachable'}: ${(err as Error).message}`,
      retryable: true,
    });
  }
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // Not JSON (an HTML error page from a proxy, say): keep the text for the error message.
  }
  return {
    status: response.status,
    ok: response.ok,
    body,
    retryAfterSeconds: retryAfterFromHeader(response.headers.get('retry-after')),
  };
}

export function basicAuth(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

/** Joins a configured base URL (with or without trailing slash) and a path. */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
