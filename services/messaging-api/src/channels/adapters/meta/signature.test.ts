import { describe, expect, it } from 'vitest';
import { createAdapters } from '../index';
import { fixtureBytes, fixtureJson, flipByte, flipChar } from '../test-fixtures';
import { metaHandshake, verifyMetaSignature } from './signature';

const vectors = fixtureJson('meta_signature_vectors.json');

interface SignedBody {
  name: string;
  secret: string;
  body: Buffer;
  header: string;
}

const official: SignedBody[] = vectors.official_vectors.map(
  (v: { source: string; app_secret: string; body: string; expected_header: string }) => ({
    name: v.source,
    secret: v.app_secret,
    body: Buffer.from(v.body, 'utf8'),
    header: v.expected_header,
  }),
);
const derived: SignedBody[] = vectors.derived_vectors_computed_by_this_research.map(
  (v: {
    name: string;
    app_secret: string;
    body_file?: string;
    body_utf8?: string;
    expected_header: string;
  }) => ({
    name: v.name,
    secret: v.app_secret,
    body: v.body_file ? fixtureBytes(v.body_file) : Buffer.from(v.body_utf8 ?? '', 'utf8'),
    header: v.expected_header,
  }),
);
const signed = [...official, ...derived];

describe('X-Hub-Signature-256 (WhatsApp and Messenger)', () => {
  it.each(signed)('accepts the vector "$name"', ({ secret, body, header }) => {
    expect(verifyMetaSignature({ 'x-hub-signature-256': header }, body, secret)).toEqual({ ok: true });
  });

  it.each(signed)('rejects "$name" when one byte of the body changes', ({ secret, body, header }) => {
    expect(verifyMetaSignature({ 'x-hub-signature-256': header }, flipByte(body), secret).ok).toBe(false);
  });

  it.each(signed)(
    'rejects "$name" when one character of the signature changes',
    ({ secret, body, header }) => {
      expect(verifyMetaSignature({ 'x-hub-signature-256': flipChar(header) }, body, secret).ok).toBe(false);
    },
  );

  it.each(signed)('rejects "$name" under another app secret', ({ secret, body, header }) => {
    expect(verifyMetaSignature({ 'x-hub-signature-256': header }, body, `${secret}x`).ok).toBe(false);
  });

  it('rejects a request without the header, and a header without the sha256= prefix', () => {
    const [first] = official;
    expect(verifyMetaSignature({}, first!.body, first!.secret)).toEqual({
      ok: false,
      reason: 'missing X-Hub-Signature-256',
    });
    const bare = first!.header.replace('sha256=', '');
    expect(verifyMetaSignature({ 'x-hub-signature-256': bare }, first!.body, first!.secret).ok).toBe(false);
  });

  it('verifies raw bytes: the re-serialised UTF-8 body does not match the escaped-body signature', () => {
    const [, escaped, literal] = derived;
    expect(literal!.header).not.toBe(escaped!.header);
    expect(
      verifyMetaSignature({ 'x-hub-signature-256': escaped!.header }, literal!.body, escaped!.secret).ok,
    ).toBe(false);
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(escaped!.body.toString('utf8'))), 'utf8');
    expect(
      verifyMetaSignature({ 'x-hub-signature-256': escaped!.header }, reserialised, escaped!.secret).ok,
    ).toBe(false);
  });

  it('is what both Meta adapters check', async () => {
    const textVector = derived[0]!;
    const adapters = createAdapters();
    const credentials = {
      whatsapp: {
        access_token: 't',
        phone_number_id: '1',
        business_account_id: '2',
        app_secret: textVector.secret,
        verify_token: 'v',
      },
      messenger: { page_access_token: 't', page_id: '1', app_secret: textVector.secret, verify_token: 'v' },
    };
    for (const type of ['whatsapp', 'messenger'] as const) {
      const input = { rawBody: textVector.body, url: 'https://x/y', credentials: credentials[type] };
      const headers = { 'X-Hub-Signature-256': textVector.header };
      expect(await adapters[type].verifyWebhook({ ...input, headers })).toEqual({ ok: true });
      expect((await adapters[type].verifyWebhook({ ...input, headers: {} })).ok).toBe(false);
    }
  });
});

describe('Meta subscription handshake', () => {
  const query = (request: string) =>
    Object.fromEntries(new URL(request, 'https://example.com').searchParams.entries()) as Record<
      string,
      string
    >;

  type Handshake = { request: string; configured_verify_token: string; expected_body?: string };
  it.each(vectors.verification_handshake_vectors as Handshake[])(
    '$request answers per the vector',
    ({ request, configured_verify_token, expected_body }) => {
      const result = metaHandshake(query(request), configured_verify_token);
      expect(result).toEqual(expected_body ? { ok: true, body: expected_body } : { ok: false });
    },
  );

  it('refuses a mode other than subscribe and a missing challenge', () => {
    const token = 'meatyhamhock';
    expect(
      metaHandshake({ 'hub.mode': 'unsubscribe', 'hub.verify_token': token, 'hub.challenge': '1' }, token),
    ).toEqual({ ok: false });
    expect(metaHandshake({ 'hub.mode': 'subscribe', 'hub.verify_token': token }, token)).toEqual({
      ok: false,
    });
  });

  it('is offered by both Meta adapters with their verify_token', () => {
    const adapters = createAdapters();
    const q = query('/webhook?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=meatyhamhock');
    const wa = {
      access_token: 't',
      phone_number_id: '1',
      business_account_id: '2',
      app_secret: 's',
      verify_token: 'meatyhamhock',
    };
    const ms = { page_access_token: 't', page_id: '1', app_secret: 's', verify_token: 'meatyhamhock' };
    expect(adapters.whatsapp.handshake?.(q, wa)).toEqual({ ok: true, body: '1158201444' });
    expect(adapters.messenger.handshake?.(q, ms)).toEqual({ ok: true, body: '1158201444' });
    expect(adapters.telegram.handshake).toBeUndefined();
  });
});
