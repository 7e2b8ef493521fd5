import { gatewayHeaders } from '@turumba/platform/testing';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PipelineHarness, startPipelineHarness, waitFor } from '../channels/test-harness';
import { conversations } from '../conversations/tables';
import { messages } from '../messages/tables';

// Rate windows are per clock minute: time starts just after a minute boundary so a test run
// (seconds long) never straddles one.
const base = Math.ceil(Date.now() / 60_000) * 60_000 + 1_000;
const startedAt = Date.now();
const clock = () => new Date(base + (Date.now() - startedAt));

let h: PipelineHarness;
let widget: { id: string };

async function startSession(channelId: string, token?: string) {
  const url = `/v1/public/webchat/${channelId}/sessions`;
  const headers = { ...gatewayHeaders('POST', url), ...(token ? { 'x-webchat-token': token } : {}) };
  return h.app.inject({ method: 'POST', url, headers });
}

function postMessage(channelId: string, token: string | undefined, body: Record<string, unknown>) {
  const url = `/v1/public/webchat/${channelId}/messages`;
  const headers = {
    ...gatewayHeaders('POST', url),
    'content-type': 'application/json',
    ...(token ? { 'x-webchat-token': token } : {}),
  };
  return h.app.inject({ method: 'POST', url, headers, payload: JSON.stringify(body) });
}

beforeAll(async () => {
  h = await startPipelineHarness({ clock, env: { WEBCHAT_MESSAGES_PER_MINUTE: '3' } });
  widget = await h.createChannel('webchat', {});
});
afterAll(() => h.cleanup());

describe('web-chat public API', () => {
  it('gives a visitor a session and turns their messages into a conversation', async () => {
    const session = await startSession(widget.id);
    expect(session.statusCode).toBe(201);
    const { token, visitor_id, expires_at } = session.json().data;
    expect(new Date(expires_at).getTime()).toBeGreaterThan(clock().getTime());
    const response = await postMessage(widget.id, token, {
      visitor_id,
      message_id: 'm1',
      text: 'Is anyone there?',
      visitor: { name: 'Hanna', email: 'Hanna@Example.com' },
    });
    expect(response.statusCode).toBe(202);
    const stored = await waitFor(
      () =>
        h.db
          .select()
          .from(messages)
          .where(and(eq(messages.channelId, widget.id), eq(messages.direction, 'inbound')))
          .then((rows) => rows[0]),
      'the visitor message',
    );
    expect(stored).toMatchObject({
      content: 'Is anyone there?',
      direction: 'inbound',
      providerMessageId: `${visitor_id}:m1`,
    });
    const [conversation] = await h.db
      .select()
      .from(conversations)
      .where(eq(conversations.id, stored.conversationId));
    expect(conversation).toMatchObject({
      channelType: 'webchat',
      contactIdentifier: visitor_id,
      contactName: 'Hanna',
    });
    expect(h.accountApi.upserts).toContainEqual(
      expect.objectContaining({
        channel_type: 'webchat',
        identifier: visitor_id,
        email: 'hanna@example.com',
      }),
    );
  });

  it('keeps the visitor when a valid token is presented again', async () => {
    const first = (await startSession(widget.id)).json().data;
    const renewed = (await startSession(widget.id, first.token)).json().data;
    expect(renewed.visitor_id).toBe(first.visitor_id);
  });

  it('refuses a message without a token, with a token of another visitor or of another channel', async () => {
    const mine = (await startSession(widget.id)).json().data;
    const theirs = (await startSession(widget.id)).json().data;
    const body = { visitor_id: mine.visitor_id, message_id: 'x', text: 'hi' };
    expect((await postMessage(widget.id, undefined, body)).statusCode).toBe(401);
    expect((await postMessage(widget.id, theirs.token, body)).statusCode).toBe(401);
    const other = await h.createChannel('webchat', {});
    expect((await postMessage(other.id, mine.token, body)).statusCode).toBe(401);
  });

  it('answers 404 for a channel that is not a live web-chat channel', async () => {
    const telegramless = await h.createChannel('webchat', {}, { is_enabled: false });
    expect((await startSession(telegramless.id)).statusCode).toBe(404);
    expect((await startSession('00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });

  it('rate-limits a visitor with 429 and Retry-After', async () => {
    const session = (await startSession(widget.id)).json().data;
    const statuses: number[] = [];
    let retryAfter: string | undefined;
    for (let i = 0; i < 4; i++) {
      const response = await postMessage(widget.id, session.token, {
        visitor_id: session.visitor_id,
        message_id: `burst-${i}`,
        text: `message ${i}`,
      });
      statuses.push(response.statusCode);
      if (response.statusCode === 429) retryAfter = String(response.headers['retry-after']);
    }
    expect(statuses).toEqual([202, 202, 202, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
  });
});
