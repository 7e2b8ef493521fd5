import { z } from 'zod';
import { errorFromHttpStatus, ProviderError, type ProviderErrorCode } from '../errors';
import { callProvider, joinUrl } from '../shared/http';
import type { AdapterDeps } from '../types';

const GraphError = z.object({
  error: z.object({
    message: z.string().optional(),
    code: z.number().optional(),
    error_subcode: z.number().optional(),
    is_transient: z.boolean().optional(),
    error_data: z.object({ details: z.string().optional() }).loose().optional(),
  }),
});

// Graph throttling codes: app/user/page limits, WhatsApp account and pair rate limits.
const THROTTLED = new Set([4, 17, 32, 613, 80007, 130429, 131048, 131056]);
// Generic and WhatsApp "service unavailable" codes.
const TRANSIENT = new Set([1, 2, 131000, 131016]);
// WhatsApp 131047: "Re-engagement message" — more than 24 h since the customer last wrote.
const WHATSAPP_WINDOW = 131047;
// Messenger 2018278: the message is sent outside the allowed window.
const MESSENGER_WINDOW_SUBCODE = 2018278;

function windowCode(code?: number, subcode?: number): ProviderErrorCode | undefined {
  if (code === WHATSAPP_WINDOW) return 'whatsapp_window_closed';
  if (subcode === MESSENGER_WINDOW_SUBCODE) return 'messenger_window_closed';
  return undefined;
}

/** Maps a Graph API error answer to a ProviderError, using Meta's codes before the HTTP status. */
export function graphError(
  provider: string,
  status: number,
  body: unknown,
  retryAfter?: number,
): ProviderError {
  const parsed = GraphError.safeParse(body);
  const error = parsed.success ? parsed.data.error : undefined;
  const code = error?.code;
  const details = error?.error_data?.details;
  const message = [error?.message, details].filter(Boolean).join(': ') || `HTTP ${status}`;
  const base = { providerStatus: status, providerCode: code };
  const window = windowCode(code, error?.error_subcode);
  if (window) return new ProviderError({ ...base, code: window, message, retryable: false });
  if (code !== undefined && THROTTLED.has(code)) {
    return new ProviderError({
      ...base,
      code: 'rate_limited',
      message,
      retryable: true,
      retryAfterSeconds: retryAfter,
    });
  }
  if (error?.is_transient || (code !== undefined && TRANSIENT.has(code))) {
    return new ProviderError({ ...base, code: 'provider_unavailable', message, retryable: true });
  }
  // 190: the access token is invalid or expired, whatever the HTTP status says.
  if (code === 190) return new ProviderError({ ...base, code: 'unauthorized', message, retryable: false });
  return errorFromHttpStatus({
    provider,
    status,
    message,
    providerCode: code,
    retryAfterSeconds: retryAfter,
  });
}

/** A Graph API call with a bearer token (kept out of URLs so it never lands in access logs). */
export async function callGraph(
  deps: AdapterDeps,
  provider: string,
  options: { base: string; path: string; token: string; body?: unknown },
): Promise<unknown> {
  const response = await callProvider(deps, {
    provider,
    method: options.body === undefined ? 'GET' : 'POST',
    url: joinUrl(options.base, options.path),
    headers: {
      authorization: `Bearer ${options.token}`,
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  if (response.ok) return response.body;
  throw graphError(provider, response.status, response.body, response.retryAfterSeconds);
}
