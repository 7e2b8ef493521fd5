import { describe, expect, it } from 'vitest';
import { createAdapters } from '../index';
import { fixtureJson, flipByte, flipChar, formFixture } from '../test-fixtures';
import {
  computeTwilioSignature,
  twilioStringToSign,
  twilioUrlVariants,
  verifyTwilioSignature,
} from './signature';

const file = fixtureJson('twilio_signature_vectors.json');
const FORM = 'application/x-www-form-urlencoded';

interface Vector {
  name: string;
  url?: string;
  params?: '<params>' | Record<string, string>;
  params_list?: [string, string][];
  body?: string;
  expected?: string;
  expected_bodySHA256?: string;
  valid?: boolean;
}

const vectors: Vector[] = file.vectors;
const signatureVectors = vectors.filter((v) => v.expected !== undefined && v.url !== undefined);

function request(v: Vector): { rawBody: Buffer; contentType: string } {
  if (v.body !== undefined) return { rawBody: Buffer.from(v.body, 'utf8'), contentType: 'application/json' };
  const pairs = v.params_list ?? Object.entries(v.params === '<params>' ? file.params : (v.params ?? {}));
  return { rawBody: Buffer.from(new URLSearchParams(pairs).toString()), contentType: FORM };
}

function verify(v: Vector, overrides: { rawBody?: Buffer; signature?: string | null; url?: string } = {}) {
  const { rawBody, contentType } = request(v);
  const signature = overrides.signature === undefined ? v.expected : overrides.signature;
  return verifyTwilioSignature({
    headers: {
      'content-type': contentType,
      ...(signature === null ? {} : { 'x-twilio-signature': signature }),
    },
    rawBody: overrides.rawBody ?? rawBody,
    url: overrides.url ?? v.url!,
    authToken: file.auth_token,
  });
}

describe('X-Twilio-Signature', () => {
  it.each(signatureVectors)('$name → valid: $valid', (v) => {
    expect(verify(v).ok).toBe(v.valid);
  });

  const valid = signatureVectors.filter((v) => v.valid);

  it.each(valid)('rejects "$name" when one byte of the body changes', (v) => {
    const { rawBody } = request(v);
    // An empty JSON-less form has no byte to flip; change a parameter instead.
    const changed = rawBody.length ? flipByte(rawBody) : Buffer.from('Extra=1');
    expect(verify(v, { rawBody: changed }).ok).toBe(false);
  });

  it.each(valid)('rejects "$name" when one character of the signature changes', (v) => {
    expect(verify(v, { signature: flipChar(v.expected!, 3) }).ok).toBe(false);
  });

  it.each(valid)('rejects "$name" when the header is missing', (v) => {
    expect(verify(v, { signature: null })).toEqual({ ok: false, reason: 'missing X-Twilio-Signature' });
  });

  it.each(valid)('rejects "$name" when the URL changes', (v) => {
    expect(verify(v, { url: v.url!.replace('myapp', 'myapq') }).ok).toBe(false);
  });

  it('rejects a base64 signature with junk appended that decodes to the same bytes', () => {
    const basic = signatureVectors[0]!;
    expect(verify(basic, { signature: `${basic.expected}!` }).ok).toBe(false);
  });

  it('hashes the JSON body as the vector says', () => {
    const hashVector = vectors.find((v) => v.expected_bodySHA256)!;
    const url = `https://mycompany.com/myapp.php?bodySHA256=${hashVector.expected_bodySHA256}`;
    const expected = computeTwilioSignature(file.auth_token, url, []);
    const result = verifyTwilioSignature({
      headers: { 'content-type': 'application/json', 'x-twilio-signature': expected },
      rawBody: Buffer.from(hashVector.body!, 'utf8'),
      url,
      authToken: file.auth_token,
    });
    expect(result).toEqual({ ok: true });
  });

  it('builds the documented string to sign for the inbound SMS form and signs it', () => {
    const [derived] = file.derived_vectors_computed_by_this_research;
    const body = formFixture(derived.body_file);
    const pairs = [...new URLSearchParams(body.toString('utf8')).entries()];
    expect(twilioStringToSign(derived.url, pairs)).toBe(derived.string_to_sign);
    expect(computeTwilioSignature(derived.auth_token, derived.url, pairs)).toBe(derived.expected);
  });

  it('accepts the inbound SMS form through the adapter, and refuses it once any parameter changes', async () => {
    const [derived] = file.derived_vectors_computed_by_this_research;
    const body = formFixture(derived.body_file);
    const credentials = {
      provider: 'twilio',
      account_sid: 'AC1',
      auth_token: derived.auth_token,
      sender_number: '+1',
    };
    const input = {
      headers: { 'Content-Type': FORM, 'X-Twilio-Signature': derived.expected },
      rawBody: body,
      url: derived.url,
      credentials,
    };
    const sms = createAdapters().sms;
    expect(await sms.verifyWebhook(input)).toEqual({ ok: true });
    const tampered = Buffer.from(body.toString('utf8').replace('Body=Ahoy', 'Body=Ahoz'));
    expect((await sms.verifyWebhook({ ...input, rawBody: tampered })).ok).toBe(false);
    const withoutAddOns = Buffer.from(body.toString('utf8').replace(/AddOns=[^&]*&/, ''));
    expect((await sms.verifyWebhook({ ...input, rawBody: withoutAddOns })).ok).toBe(false);
  });

  it('rejects the plugin request whose X-Twilio-Signature header is empty', async () => {
    const { headers } = fixtureJson('twilio_sms.json');
    const credentials = { provider: 'twilio', account_sid: 'AC1', auth_token: '12345', sender_number: '+1' };
    const input = {
      headers,
      rawBody: formFixture('twilio_sms.form'),
      url: 'https://example.com/twilio/sms',
      credentials,
    };
    expect(await createAdapters().sms.verifyWebhook(input)).toEqual({
      ok: false,
      reason: 'missing X-Twilio-Signature',
    });
  });

  it('refuses a non-form body whose URL carries no bodySHA256', () => {
    const result = verifyTwilioSignature({
      headers: { 'content-type': 'text/plain', 'x-twilio-signature': 'x' },
      rawBody: Buffer.from('hello'),
      url: 'https://example.com/hook',
      authToken: 't',
    });
    expect(result.ok).toBe(false);
  });

  it.each([
    ['https://mycompany.com/a?b=1', ['https://mycompany.com/a?b=1', 'https://mycompany.com:443/a?b=1']],
    ['http://MyCompany.com:1234/a', ['http://MyCompany.com:1234/a', 'http://MyCompany.com/a']],
    ['HTTP://user:pw@host/a', ['HTTP://user:pw@host/a', 'HTTP://user:pw@host:80/a']],
  ])('tries %s verbatim and with the port toggled', (url, variants) => {
    expect(twilioUrlVariants(url)).toEqual(variants);
  });
});
