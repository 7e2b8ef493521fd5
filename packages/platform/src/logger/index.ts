import { pino } from 'pino';

export type Logger = pino.Logger;

export interface LoggerOptions {
  name: string;
  level?: string;
  /** Where lines go (stdout by default); tests capture them to check what is logged. */
  destination?: pino.DestinationStream;
}

/** Field names whose values are secrets wherever they appear in a log object. */
const secretFields = [
  'password',
  'current_password',
  'new_password',
  'token',
  'access_token',
  'refresh_token',
  'id_token',
  'secret',
  'secret_token',
  'app_secret',
  'client_secret',
  'auth_token',
  'bot_token',
  'page_access_token',
  'verify_token',
  'smtp_password',
  'inbound_signing_key',
  'api_key',
  'private_key',
  'privateKeyPem',
  'credentials',
];
/** Request headers that carry credentials or signatures. */
const secretHeaders = [
  'authorization',
  'cookie',
  'set-cookie',
  'x-service-token',
  'x-gateway-signature',
  'x-webchat-token',
  'x-telegram-bot-api-secret-token',
  'x-hub-signature-256',
  'x-hub-signature',
  'x-twilio-signature',
  'x-turumba-signature',
];

/** Paths to censor: each secret field at the top level and two levels down. */
export const redactedPaths = [
  ...secretFields.flatMap((field) => [field, `*.${field}`, `*.*.${field}`]),
  ...secretHeaders.flatMap((name) => [
    `req.headers["${name}"]`,
    `headers["${name}"]`,
    `*.headers["${name}"]`,
  ]),
];

/** Query parameters whose values are secrets (Meta's `hub.verify_token`, tokens in links...). */
const secretQueryParam = /token|secret|password|signature|key|code/i;

/** A URL with the values of secret-looking query parameters censored. */
export function redactUrl(url: string): string {
  const at = url.indexOf('?');
  if (at < 0) return url;
  const query = url
    .slice(at + 1)
    .split('&')
    .map((pair) => {
      const name = pair.split('=', 1)[0] ?? '';
      return pair.includes('=') && secretQueryParam.test(safeDecode(name)) ? `${name}=[redacted]` : pair;
    });
  return `${url.slice(0, at)}?${query.join('&')}`;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

interface LoggedRequest {
  method?: string;
  url?: string;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

/** Fastify's request fields, with the URL's secrets censored (the access log is on by default). */
function requestSerializer(req: LoggedRequest) {
  return {
    method: req.method,
    url: typeof req.url === 'string' ? redactUrl(req.url) : req.url,
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  };
}

/** JSON logs on stdout (pino). Request ids are added per request by the http bootstrap. */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      name: options.name,
      level: options.level ?? 'info',
      base: { service: options.name },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: redactedPaths, censor: '[redacted]' },
      serializers: { req: requestSerializer },
    },
    options.destination,
  );
}

/** A logger that writes nothing, for tests. */
export function createSilentLogger(): Logger {
  return pino({ level: 'silent' });
}
