import { describe, expect, it } from 'vitest';
import { createAdapters } from '../index';
import { fixtureBytes, fixtureJson, flipByte, flipChar, formFixture } from '../test-fixtures';
import { signRelayRequest, verifyMailgunSignature, verifyRelaySignature } from './signature';

const mailgun = fixtureJson('mailgun_signature_vectors.json');
const mailgunVectors: {
  source: string;
  signing_key: string;
  timestamp: string;
  token: string;
  signature: string;
  valid: boolean;
}[] = [...mailgun.official_vectors, ...mailgun.third_party_vectors];
const at = (timestamp: string) => new Date(Number(timestamp) * 1000);

describe('Mailgun route signature', () => {
  it.each(mailgunVectors)('$source → valid: $valid', (v) => {
    expect(verifyMailgunSignature(v, v.signing_key, at(v.timestamp)).ok).toBe(v.valid);
  });

  const valid = mailgunVectors.filter((v) => v.valid);

  it.each(valid)('rejects "$source" when one character of the token or signature changes', (v) => {
    const now = at(v.timestamp);
    expect(verifyMailgunSignature({ ...v, token: flipChar(v.token) }, v.signing_key, now).ok).toBe(false);
    expect(verifyMailgunSignature({ ...v, signature: flipChar(v.signature) }, v.signing_key, now).ok).toBe(
      false,
    );
    expect(
      verifyMailgunSignature({ ...v, timestamp: String(Number(v.timestamp) + 1) }, v.signing_key, now).ok,
    ).toBe(false);
  });

  it.each(valid)('rejects "$source" without a signature field', (v) => {
    expect(verifyMailgunSignature({ ...v, signature: undefined }, v.signing_key, at(v.timestamp)).ok).toBe(
      false,
    );
  });

  it('rejects a correctly signed but stale timestamp, since Mailgun does not sign the body', () => {
    const [good] = valid;
    const later = new Date(at(good!.timestamp).getTime() + 16 * 60 * 1000);
    expect(verifyMailgunSignature(good!, good!.signing_key, later)).toEqual({
      ok: false,
      reason: 'stale timestamp',
    });
  });
});

describe('Email webhooks through the adapter', () => {
  const [, receivex] = mailgunVectors.filter((v) => v.valid);
  const credentials = (key: string) => ({
    smtp_host: 'smtp.example.com',
    smtp_port: 587,
    from_address: 'support@example.com',
    inbound_signing_key: key,
  });
  const adapter = (now: Date) => createAdapters({ clock: () => now }).email;
  const url = 'https://example.com/v1/webhooks/email/1';

  it('verifies the Mailgun urlencoded route post by its form fields', async () => {
    const body = formFixture('mailgun_inbound.form');
    const input = {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      rawBody: body,
      url,
      credentials: credentials(receivex!.signing_key),
    };
    expect(await adapter(at(receivex!.timestamp)).verifyWebhook(input)).toEqual({ ok: true });
    expect(
      (
        await adapter(at(receivex!.timestamp)).verifyWebhook({
          ...input,
          credentials: credentials('incorrect key'),
        })
      ).ok,
    ).toBe(false);
    const changedToken = Buffer.from(body.toString('utf8').replace('token=cc68', 'token=cc69'));
    expect(
      (await adapter(at(receivex!.timestamp)).verifyWebhook({ ...input, rawBody: changedToken })).ok,
    ).toBe(false);
  });

  it('verifies a multipart Mailgun post (mail with attachments)', async () => {
    const form = new FormData();
    for (const [key, value] of new URLSearchParams(formFixture('mailgun_inbound.form').toString('utf8'))) {
      form.append(key, value);
    }
    form.append('attachment-1', new Blob(['hello'], { type: 'text/plain' }), 'hello.txt');
    const request = new Request('http://x', { method: 'POST', body: form });
    const rawBody = Buffer.from(await request.arrayBuffer());
    const headers = { 'content-type': request.headers.get('content-type')! };
    const input = { headers, rawBody, url, credentials: credentials(receivex!.signing_key) };
    expect(await adapter(at(receivex!.timestamp)).verifyWebhook(input)).toEqual({ ok: true });
    expect((await adapter(at(receivex!.timestamp)).verifyWebhook({ ...input, headers: {} })).ok).toBe(false);
  });

  it('rejects every post when the channel has no inbound_signing_key', async () => {
    const input = {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      rawBody: formFixture('mailgun_inbound.form'),
      url,
      credentials: { smtp_host: 'h', smtp_port: 25, from_address: 'a@b.co' },
    };
    expect(await adapter(at(receivex!.timestamp)).verifyWebhook(input)).toEqual({
      ok: false,
      reason: 'channel has no inbound_signing_key',
    });
  });
});

describe('Raw MIME relay signature (X-Turumba-Signature)', () => {
  const key = 'relay-key-0123456789';
  const body = fixtureBytes('email_rfc5322_A2_reply.eml');
  const now = new Date('2026-05-01T10:00:00Z');
  const ts = Math.floor(now.getTime() / 1000);
  const signed: Record<string, string> = {
    'content-type': 'message/rfc822',
    ...signRelayRequest(key, body, ts),
  };

  it('accepts a fresh, correctly signed MIME body', () => {
    expect(verifyRelaySignature(signed, body, key, now)).toEqual({ ok: true });
  });

  it('rejects a one-byte change of the body or the signature, and a re-dated timestamp', () => {
    expect(verifyRelaySignature(signed, flipByte(body), key, now).ok).toBe(false);
    const sig = signed['X-Turumba-Signature']!;
    expect(verifyRelaySignature({ ...signed, 'X-Turumba-Signature': flipChar(sig) }, body, key, now).ok).toBe(
      false,
    );
    expect(
      verifyRelaySignature({ ...signed, 'X-Turumba-Timestamp': String(ts + 1) }, body, key, now).ok,
    ).toBe(false);
  });

  it('rejects a request without the signature or timestamp header', () => {
    const { 'X-Turumba-Signature': _s, ...noSignature } = signed;
    const { 'X-Turumba-Timestamp': _t, ...noTimestamp } = signed;
    expect(verifyRelaySignature(noSignature, body, key, now).ok).toBe(false);
    expect(verifyRelaySignature(noTimestamp, body, key, now).ok).toBe(false);
  });

  it('rejects a signature older than five minutes', () => {
    const later = new Date(now.getTime() + 6 * 60 * 1000);
    expect(verifyRelaySignature(signed, body, key, later)).toEqual({ ok: false, reason: 'stale timestamp' });
  });

  it('is what the email adapter checks for non-form bodies', async () => {
    const adapter = createAdapters({ clock: () => now }).email;
    const credentials = { smtp_host: 'h', smtp_port: 25, from_address: 'a@b.co', inbound_signing_key: key };
    expect(
      await adapter.verifyWebhook({ headers: signed, rawBody: body, url: 'https://x', credentials }),
    ).toEqual({
      ok: true,
    });
  });
});
