import { timingSafeEqual } from 'node:crypto';
import { hmac, safeEqual } from '../shared/crypto';
import { header, queryValue } from '../shared/headers';
import type { HandshakeResult, HttpHeaders, QueryParams, VerifyResult } from '../types';

export const META_SIGNATURE_HEADER = 'X-Hub-Signature-256';

/**
 * `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(app_secret, raw body)>`, shared by WhatsApp Cloud
 * and Messenger. Meta signs the bytes it sent, with non-ASCII escaped as \uXXXX, so the raw body
 * must be hashed: re-serialising parsed JSON yields a different digest.
 */
export function verifyMetaSignature(headers: HttpHeaders, rawBody: Buffer, appSecret: string): VerifyResult {
  const presented = header(headers, META_SIGNATURE_HEADER);
  if (presented === undefined) return { ok: false, reason: `missing ${META_SIGNATURE_HEADER}` };
  const match = /^sha256=([0-9a-fA-F]{64})$/.exec(presented.trim());
  if (!match?.[1]) return { ok: false, reason: `malformed ${META_SIGNATURE_HEADER}` };
  const expected = hmac('sha256', appSecret, rawBody);
  const given = Buffer.from(match[1], 'hex');
  return timingSafeEqual(expected, given) ? { ok: true } : { ok: false, reason: 'signature mismatch' };
}

/**
 * The GET subscription handshake: answer `hub.challenge` verbatim (as text/plain) only when
 * `hub.mode=subscribe` and `hub.verify_token` matches; anything else must get a non-200.
 */
export function metaHandshake(query: QueryParams, verifyToken: string): HandshakeResult {
  const mode = queryValue(query, 'hub.mode');
  const token = queryValue(query, 'hub.verify_token');
  const challenge = queryValue(query, 'hub.challenge');
  if (mode !== 'subscribe' || token === undefined || challenge === undefined) return { ok: false };
  return safeEqual(token, verifyToken) ? { ok: true, body: challenge } : { ok: false };
}
