import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

export interface JsonResponse {
  status: number;
  /** Parsed JSON, or null for an empty or non-JSON body. */
  body: unknown;
}

export interface JsonRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: unknown;
  timeoutMs?: number;
}

export type RequestJson = (url: URL, init?: JsonRequest) => Promise<JsonResponse>;

/**
 * JSON over node:http with keep-alive and a bounded pool per host. Used for the calls made at
 * every handshake and join instead of global fetch, whose per-request web-stream objects,
 * thousands at once in a reconnect storm, left the heap fragmented (~600 MiB instead of ~300 at
 * 15,000 sockets: BENCHMARKS.md). The pool also caps how hard a storm hits the Account API.
 */
export function createJsonClient(options: { maxSockets?: number } = {}): RequestJson {
  const pool = { keepAlive: true, maxSockets: options.maxSockets ?? 64 };
  const agents = { http: new HttpAgent(pool), https: new HttpsAgent(pool) };
  return (url, init = {}) =>
    new Promise((resolve, reject) => {
      const payload = init.body === undefined ? undefined : JSON.stringify(init.body);
      const isHttps = url.protocol === 'https:';
      const headers = { ...init.headers, ...(payload ? { 'content-type': 'application/json' } : {}) };
      const send = isHttps ? httpsRequest : httpRequest;
      const req = send(url, {
        method: init.method ?? 'GET',
        headers,
        agent: isHttps ? agents.https : agents.http,
      });
      req.setTimeout(init.timeoutMs ?? 5_000, () => req.destroy(new Error(`${url.pathname} timed out`)));
      req.on('error', reject);
      req.on('response', (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: parse(res, Buffer.concat(chunks)) }),
        );
      });
      req.end(payload);
    });
}

function parse(res: IncomingMessage, raw: Buffer): unknown {
  if (raw.length === 0 || !String(res.headers['content-type'] ?? '').includes('json')) return null;
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    return null;
  }
}
