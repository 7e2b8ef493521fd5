import { hmac, safeEqual } from '../shared/crypto';
import { parseForm, parseFormData } from '../shared/form';
import { header, mediaType } from '../shared/headers';
import type { HttpHeaders, VerifyResult } from '../types';

/**
 * Raw-MIME relays (our own scheme, for a Postfix pipe, an Email Worker, SES → Lambda, …):
 *   X-Turumba-Timestamp: <unix seconds>
 *   X-Turumba-Signature: sha256=<hex HMAC-SHA256(inbound_signing_key, "<timestamp>." + raw body)>
 * The timestamp is signed with the body so a captured request cannot be replayed later.
 */
export const RELAY_SIGNATURE_HEADER = 'X-Turumba-Signature';
export const RELAY_TIMESTAMP_HEADER = 'X-Turumba-Timestamp';
export const RELAY_TOLERANCE_SECONDS = 5 * 60;
/** Mailgun signs only timestamp + token (not the body), so freshness is what stops replays. */
export const MAILGUN_TOLERANCE_SECONDS = 15 * 60;

export function signRelayRequest(key: string, rawBody: Buffer, timestamp: number): Record<string, string> {
  const mac = hmac('sha256', key, [`${timestamp}.`, rawBody]).toString('hex');
  return { [RELAY_TIMESTAMP_HEADER]: String(timestamp), [RELAY_SIGNATURE_HEADER]: `sha256=${mac}` };
}

function isFresh(timestamp: string, now: Date, toleranceSeconds: number): boolean {
  const seconds = Number(timestamp);
  return /^\d+$/.test(timestamp) && Math.abs(now.getTime() / 1000 - seconds) <= toleranceSeconds;
}

export function verifyRelaySignature(
  headers: HttpHeaders,
  rawBody: Buffer,
  key: string,
  now: Date,
): VerifyResult {
  const timestamp = header(headers, RELAY_TIMESTAMP_HEADER);
  const signature = header(headers, RELAY_SIGNATURE_HEADER);
  if (!timestamp || !signature)
    return { ok: false, reason: `missing ${RELAY_SIGNATURE_HEADER} or timestamp` };
  const expected = signRelayRequest(key, rawBody, Number(timestamp))[RELAY_SIGNATURE_HEADER]!;
  if (!/^\d+$/.test(timestamp) || !safeEqual(signature.trim().toLowerCase(), expected)) {
    return { ok: false, reason: 'signature mismatch' };
  }
  return isFresh(timestamp, now, RELAY_TOLERANCE_SECONDS)
    ? { ok: true }
    : { ok: false, reason: 'stale timestamp' };
}

export interface MailgunSignature {
  timestamp?: string;
  token?: string;
  signature?: string;
}

/** Mailgun: hex HMAC-SHA256(webhook signing key, timestamp + token), no separator. */
export function verifyMailgunSignature(
  fields: MailgunSignature,
  signingKey: string,
  now: Date,
  toleranceSeconds = MAILGUN_TOLERANCE_SECONDS,
): VerifyResult {
  const { timestamp, token, signature } = fields;
  if (!timestamp || !token || !signature)
    return { ok: false, reason: 'missing Mailgun timestamp, token or signature' };
  const expected = hmac('sha256', signingKey, timestamp + token).toString('hex');
  if (!safeEqual(signature.toLowerCase(), expected)) return { ok: false, reason: 'signature mismatch' };
  return isFresh(timestamp, now, toleranceSeconds) ? { ok: true } : { ok: false, reason: 'stale timestamp' };
}

const FORM_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data']);

export function isMailgunForm(contentType: string | undefined): boolean {
  return FORM_TYPES.has(mediaType(contentType));
}

/** Form posts are Mailgun routes (fields signed); anything else is a raw MIME relay (headers signed). */
export async function verifyEmailWebhook(
  headers: HttpHeaders,
  rawBody: Buffer,
  key: string,
  now: Date,
): Promise<VerifyResult> {
  const contentType = header(headers, 'content-type');
  if (!isMailgunForm(contentType)) return verifyRelaySignature(headers, rawBody, key, now);
  if (mediaType(contentType) === 'application/x-www-form-urlencoded') {
    return verifyMailgunSignature(parseForm(rawBody), key, now);
  }
  let form: FormData;
  try {
    form = await parseFormData(rawBody, contentType ?? '');
  } catch {
    return { ok: false, reason: 'unreadable multipart body' };
  }
  const field = (name: string) => {
    const value = form.get(name);
    return typeof value === 'string' ? value : undefined;
  };
  return verifyMailgunSignature(
    { timestamp: field('timestamp'), token: field('token'), signature: field('signature') },
    key,
    now,
  );
}
