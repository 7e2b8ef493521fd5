import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateSecret } from '../credentials';
import { createAdapters } from '../index';
import { flipByte, flipChar } from '../test-fixtures';
import { issueWebchatToken, verifyWebchatToken } from './session-token';

const secret = generateSecret();
const channelId = '5b1f6c1e-0000-4000-8000-000000000001';
const now = new Date('2026-06-01T12:00:00Z');
const token = issueWebchatToken({ secret, channelId, visitorId: 'visitor-1', now });

describe('Webchat session tokens', () => {
  it('accepts a token for this channel and visitor before it expires', () => {
    expect(verifyWebchatToken(token, { secret, channelId, now })).toEqual({
      ok: true,
      visitorId: 'visitor-1',
    });
  });

  it.each([
    ['another channel', { secret, channelId: 'other', now }],
    ['another secret', { secret: generateSecret(), channelId, now }],
    ['an expired token', { secret, channelId, now: new Date(now.getTime() + 25 * 3600 * 1000) }],
    ['a token issued in the future', { secret, channelId, now: new Date(now.getTime() - 3600 * 1000) }],
  ])('rejects %s', (_, scope) => {
    expect(verifyWebchatToken(token, scope).ok).toBe(false);
  });

  it('rejects a token with one character of its signature or payload changed', () => {
    const [head, payload, sig] = token.split('.');
    expect(verifyWebchatToken(`${head}.${payload}.${flipChar(sig!)}`, { secret, channelId, now }).ok).toBe(
      false,
    );
    expect(
      verifyWebchatToken(`${head}.${flipChar(payload!, 10)}.${sig}`, { secret, channelId, now }).ok,
    ).toBe(false);
  });

  it('rejects alg "none" and other algorithms even when correctly signed', () => {
    const [, payload] = token.split('.');
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    expect(verifyWebchatToken(`${none}.${payload}.`, { secret, channelId, now }).ok).toBe(false);
    const hs512 = Buffer.from(JSON.stringify({ alg: 'HS512', typ: 'JWT' })).toString('base64url');
    const sig = createHmac('sha256', secret).update(`${hs512}.${payload}`).digest('base64url');
    expect(verifyWebchatToken(`${hs512}.${payload}.${sig}`, { secret, channelId, now }).ok).toBe(false);
  });
});

describe('Webchat adapter', () => {
  const adapter = createAdapters({ clock: () => now, ids: () => 'out-1' }).webchat;
  const credentials = { session_secret: secret };
  const body = Buffer.from(JSON.stringify({ visitor_id: 'visitor-1', message_id: 'c-1', text: 'Hello?' }));
  const input = {
    headers: { 'x-webchat-token': token },
    rawBody: body,
    url: 'https://x',
    credentials,
    channelId,
  };

  it('accepts a post whose token matches the channel and the visitor in the body', async () => {
    expect(await adapter.verifyWebhook(input)).toEqual({ ok: true });
  });

  it('rejects a missing token, a visitor posting as another, and a channel without secret', async () => {
    expect((await adapter.verifyWebhook({ ...input, headers: {} })).ok).toBe(false);
    const other = Buffer.from(JSON.stringify({ visitor_id: 'visitor-2', message_id: 'c-1', text: 'hi' }));
    expect(await adapter.verifyWebhook({ ...input, rawBody: other })).toEqual({
      ok: false,
      reason: 'token is for another visitor',
    });
    expect((await adapter.verifyWebhook({ ...input, rawBody: flipByte(body, 5) })).ok).toBe(false);
    expect((await adapter.verifyWebhook({ ...input, credentials: {} })).ok).toBe(false);
    expect((await adapter.verifyWebhook({ ...input, channelId: undefined })).ok).toBe(false);
  });

  it('parses the post with visitor-scoped ids and the server clock', async () => {
    const posted = {
      visitor_id: 'visitor-1',
      message_id: 'c-2',
      text: 'My order',
      attachments: [{ type: 'image', url: 'https://cdn.example.com/u/1.png', mime_type: 'image/png' }],
      visitor: { name: 'Ann', email: 'Ann@Example.com' },
    };
    const { messages } = await adapter.parseInbound(Buffer.from(JSON.stringify(posted)), 'application/json');
    expect(messages).toEqual([
      {
        provider_message_id: 'visitor-1:c-2',
        provider_event_id: 'visitor-1:c-2',
        sender: { identifier: 'visitor-1', display_name: 'Ann', email: 'ann@example.com', metadata: {} },
        text: 'My order',
        attachments: posted.attachments,
        timestamp: now,
        reply_to_provider_message_id: undefined,
        raw_type: 'message',
      },
    ]);
  });

  it('refuses a body that is not a widget message', async () => {
    await expect(adapter.parseInbound(Buffer.from('{"text":"x"}'), 'application/json')).rejects.toThrow(
      /webchat/,
    );
  });

  it('sends nothing to a provider: the id is minted for the realtime service to deliver', async () => {
    expect(await adapter.send({ credentials, to: 'visitor-1', message: { text: 'Hi' } })).toEqual({
      provider_message_id: 'out-1',
    });
    expect(await adapter.verifyCredentials({})).toEqual({ ok: true });
  });
});
