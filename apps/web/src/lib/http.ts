import type { ListMeta } from '@turumba/contracts';
import { ApiError, toApiError } from './api-error';

/** What the client needs from the session: the bearer, the selected account, and a refresh. */
export interface HttpAuth {
  accessToken(): string | null;
  accountId(): string | null;
  /** Called once after a 401; resolves true when a fresh access token is ready to retry with. */
  refreshAfterUnauthorized(): Promise<boolean>;
}

export type QueryValue = string | number | boolean | null | undefined | readonly string[];
export type Query = Record<string, QueryValue>;

export interface Page<T> {
  data: T[];
  meta: ListMeta;
}

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export interface Http {
  request<T>(method: string, path: string, options?: RequestOptions): Promise<{ data: T; meta?: ListMeta }>;
  get<T>(path: string, query?: Query, signal?: AbortSignal): Promise<T>;
  list<T>(path: string, query?: Query, signal?: AbortSignal): Promise<Page<T>>;
  post<T>(path: string, body?: unknown, headers?: Record<string, string>): Promise<T>;
  patch<T>(path: string, body: unknown): Promise<T>;
  put<T>(path: string, body: unknown): Promise<T>;
  delete(path: string): Promise<void>;
}

/** `path?a=1&filter=x&filter=y`: arrays repeat the key; empty values are left out. */
export function buildUrl(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) for (const item of value) params.append(key, item);
    else params.append(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

async function readBody(res: Response): Promise<unknown> {
  if (res.status === 204) return undefined;
  const text = await res.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * A typed fetch over the `/v1` envelope: `{success, data, meta}` in, `data` (and `meta`) out,
 * errors as ApiError. A 401 triggers one refresh and one retry.
 */
export function createHttp(auth: HttpAuth | null, fetchImpl: typeof fetch = (...a) => fetch(...a)): Http {
  async function send(method: string, path: string, options: RequestOptions, isRetry: boolean) {
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    const token = auth?.accessToken();
    if (token) headers.authorization = `Bearer ${token}`;
    const accountId = auth?.accountId();
    if (accountId) headers['x-account-id'] = accountId;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetchImpl(buildUrl(path, options.query), {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
    if (res.status === 401 && auth && token && !isRetry && (await auth.refreshAfterUnauthorized())) {
      return send(method, path, options, true);
    }
    const body = await readBody(res);
    if (!res.ok) throw toApiError(res.status, body);
    if (body && typeof body === 'object' && 'success' in body) {
      const envelope = body as unknown as { data: unknown; meta?: ListMeta };
      return { data: envelope.data, meta: envelope.meta };
    }
    return { data: body, meta: undefined };
  }

  const http: Http = {
    async request<T>(method: string, path: string, options: RequestOptions = {}) {
      const result = await send(method, path, options, false);
      return result as { data: T; meta?: ListMeta };
    },
    async get<T>(path: string, query?: Query, signal?: AbortSignal) {
      return (await http.request<T>('GET', path, { query, signal })).data;
    },
    async list<T>(path: string, query?: Query, signal?: AbortSignal) {
      const { data, meta } = await http.request<T[]>('GET', path, { query, signal });
      if (!Array.isArray(data)) throw new ApiError(500, 'bad_response', `Expected a list from ${path}`);
      return { data, meta: meta ?? { skip: 0, limit: data.length || 1 } };
    },
    async post<T>(path: string, body?: unknown, headers?: Record<string, string>) {
      return (await http.request<T>('POST', path, { body: body ?? {}, headers })).data;
    },
    async patch<T>(path: string, body: unknown) {
      return (await http.request<T>('PATCH', path, { body })).data;
    },
    async put<T>(path: string, body: unknown) {
      return (await http.request<T>('PUT', path, { body })).data;
    },
    async delete(path: string) {
      await http.request('DELETE', path);
    },
  };
  return http;
}
