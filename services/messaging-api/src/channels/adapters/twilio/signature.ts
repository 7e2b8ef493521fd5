import { hmac, safeEqual, sha256Hex } from '../shared/crypto';
import { parseFormPairs } from '../shared/form';
import { header, mediaType } from '../shared/headers';
import type { HttpHeaders, VerifyResult } from '../types';

export const TWILIO_SIGNATURE_HEADER = 'X-Twilio-Signature';

/**
 * URL + every parameter sorted by name, as `name + value` with no delimiters. Repeated names
 * contribute each value, values sorted too (twilio-python / twilio-php).
 */
export function twilioStringToSign(url: string, params: [string, string][]): string {
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const sorted = [...params].sort(([ka, va], [kb, vb]) => cmp(ka, kb) || cmp(va, vb));
  return url + sorted.map(([key, value]) => key + value).join('');
}

export function computeTwilioSignature(authToken: string, url: string, params: [string, string][]): string {
  return hmac('sha1', authToken, Buffer.from(twilioStringToSign(url, params), 'utf8')).toString('base64');
}

const DEFAULT_PORTS: Record<string, string> = { https: '443', http: '80' };

/**
 * The URL as received, without its port, and with the scheme's default port: Twilio signs the
 * URL as configured, and proxies add or drop the port, so every SDK tries these variants. The
 * string is edited, never re-serialised, because Twilio signs mixed-case hosts and userinfo verbatim.
 */
export function twilioUrlVariants(url: string): string[] {
  const match = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)(.*)$/s.exec(url);
  if (!match) return [url];
  const [, scheme = '', authority = '', rest = ''] = match;
  const at = authority.lastIndexOf('@');
  const userinfo = authority.slice(0, at + 1);
  const hostPort = /^(\[[^\]]*\]|[^:]*)(?::(\d*))?$/.exec(authority.slice(at + 1));
  if (!hostPort) return [url];
  const [, host = '', port] = hostPort;
  const variants = [url, `${scheme}://${userinfo}${host}${rest}`];
  const defaultPort = DEFAULT_PORTS[scheme.toLowerCase()];
  if (port === undefined && defaultPort)
    variants.push(`${scheme}://${userinfo}${host}:${defaultPort}${rest}`);
  return [...new Set(variants)];
}

function signatureMatches(
  authToken: string,
  url: string,
  params: [string, string][],
  presented: string,
): boolean {
  let matched = false;
  // Compared as base64 text: Node's base64 decoder skips junk characters, so decoding first would
  // accept a tampered header. Every variant is compared so timing does not tell which matched.
  for (const candidate of twilioUrlVariants(url)) {
    if (safeEqual(presented, computeTwilioSignature(authToken, candidate, params))) matched = true;
  }
  return matched;
}

function bodySha256Param(url: string): string | undefined {
  try {
    return new URL(url).searchParams.get('bodySHA256') ?? undefined;
  } catch {
    return undefined;
  }
}

/**
 * Verifies `X-Twilio-Signature`. Form posts sign URL + all form parameters (including ones we do
 * not know, like AddOns). JSON-bodied webhooks carry `?bodySHA256=<hex>` in the URL, sign only
 * the URL, and the body must hash to that value.
 */
export function verifyTwilioSignature(input: {
  headers: HttpHeaders;
  rawBody: Buffer;
  url: string;
  authToken: string;
}): VerifyResult {
  const presented = header(input.headers, TWILIO_SIGNATURE_HEADER);
  if (!presented) return { ok: false, reason: `missing ${TWILIO_SIGNATURE_HEADER}` };
  const bodyHash = bodySha256Param(input.url);
  let params: [string, string][] = [];
  if (bodyHash !== undefined) {
    if (!safeEqual(sha256Hex(input.rawBody), bodyHash.toLowerCase()))
      return { ok: false, reason: 'body hash mismatch' };
  } else if (input.rawBody.length > 0) {
    if (mediaType(header(input.headers, 'content-type')) !== 'application/x-www-form-urlencoded') {
      return { ok: false, reason: 'a non-form body must be covered by bodySHA256' };
    }
    params = parseFormPairs(input.rawBody);
  }
  return signatureMatches(input.authToken, input.url, params, presented)
    ? { ok: true }
    : { ok: false, reason: 'signature mismatch' };
}
