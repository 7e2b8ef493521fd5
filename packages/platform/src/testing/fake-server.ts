import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface FakeResponse {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export type FakeHandler = (request: RecordedRequest) => FakeResponse | Promise<FakeResponse>;

export interface FakeServer {
  url: string;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  /** Adds or replaces the handler of `METHOD /path` (query string ignored). */
  on(method: string, path: string, handler: FakeHandler): void;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, response: FakeResponse) {
  const isBuffer = Buffer.isBuffer(response.body) || typeof response.body === 'string';
  const payload = isBuffer ? (response.body as string | Buffer) : JSON.stringify(response.body ?? {});
  res.writeHead(response.status ?? 200, {
    'content-type': isBuffer ? 'text/plain' : 'application/json',
    ...response.headers,
  });
  res.end(payload);
}

/**
 * A fake HTTP peer on 127.0.0.1 (a provider API, a backend): handlers per route, every request
 * recorded. Unknown routes answer 404 so a test notices a call it did not expect.
 */
export async function startFakeServer(routes: Record<string, FakeHandler> = {}): Promise<FakeServer> {
  const handlers = new Map(Object.entries(routes));
  const requests: RecordedRequest[] = [];
  const server = createServer(async (req, res) => {
    const recorded = {
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      headers: req.headers,
      body: await readBody(req),
    };
    requests.push(recorded);
    const handler = handlers.get(`${recorded.method} ${recorded.url.split('?')[0]}`);
    try {
      send(res, handler ? await handler(recorded) : { status: 404, body: { error: 'no fake route' } });
    } catch (err) {
      send(res, { status: 500, body: { error: String(err) } });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    on: (method, path, handler) => handlers.set(`${method.toUpperCase()} ${path}`, handler),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
