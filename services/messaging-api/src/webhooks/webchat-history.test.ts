import {
  VerifyVisitorSessionResponse,
  WebchatHistoryEnvelope,
  type WebchatHistoryMessage,
} from '@turumba/contracts';
import { gatewayHeaders, testServiceToken } from '@turumba/platform/testing';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueWebchatToken } from '../channels/adapters';
import { type PipelineHarness, startPipelineHarness, waitFor } from '../channels/test-harness';
import { conversations } from '../conversations/tables';
import { messages } from '../messages/tables';

let h: PipelineHarness;
let widget: { id: string };

interface Session {
  token: string;
  visitor_id: string;
}

async function startSession(channelId: string): Promise<Session> {
  const url = `/v1/public/webchat/${channelId}/sessions`;
  const response = await h.app.inject({ method: 'POST', url, headers: gatewayHeaders('POST', url) });
  if (response.statusCode !== 201) throw new Error(response.body);
  return response.json().data;
}

async function say(session: Session, messageId: string, text: string) {
  const url = `/v1/public/webchat/${widget.id}/messages`;
  const response = await h.app.inject({
    method: 'POST',
    url,
    headers: {
      ...gatewayHeaders('POST', url),
      'content-type': 'application/json',
      'x-webchat-token': session.token,
    },
    payload: JSON.stringify({ visitor_id: session.visitor_id, message_id: messageId, text }),
  });
  expect(response.statusCode).toBe(202);
}

function verify(token: string, serviceToken = testServiceToken) {
  return h.app.inject({
    method: 'POST',
    url: '/internal/webchat/sessions/verify',
    headers: { 'x-service-token': serviceToken, 'content-type': 'application/json' },
    payload: JSON.stringify({ token }),
  });
}

function history(channelId: string, token: string | undefined, query = '') {
  const url = `/v1/public/webchat/${channelId}/messages${query}`;
  return h.app.inject({
    method: 'GET',
    url,
    headers: { ...gatewayHeaders('GET', url), ...(token ? { 'x-webchat-token': token } : {}) },
  });
}

async function conversationOf(visitorId: string) {
  return waitFor(
    () =>
      h.db
        .select()
        .from(conversations)
        .where(and(eq(conversations.channelId, widget.id), eq(conversations.contactIdentifier, visitorId)))
        .then((rows) => rows[0]),
    'the visitor conversation',
  );
}

async function stored(providerMessageId: string) {
  const rows = await h.db
    .select()
    .from(messages)
    .where(and(eq(messages.channelId, widget.id), eq(messages.providerMessageId, providerMessageId)));
  return rows.length === 1;
}

beforeAll(async () => {
  h = await startPipelineHarness({
    env: { WEBCHAT_MESSAGES_PER_MINUTE: '100' },
    workerOptions: { routing: false },
  });
  widget = await h.createChannel('webchat', {});
});
afterAll(() => h.cleanup());

describe('POST /internal/webchat/sessions/verify', () => {
  it('says whose token it is, with no conversation before the first message', async () => {
    const session = await startSession(widget.id);
    const response = await verify(session.token);
    expect(response.statusCode).toBe(200);
    const body = VerifyVisitorSessionResponse.parse(response.json());
    expect(body.data).toEqual({
      channel_id: widget.id,
      visitor_id: session.visitor_id,
      account_id: h.accountId,
      conversation_id: null,
    });
  });

  it("names the visitor's current conversation once they have written", async () => {
    const session = await startSession(widget.id);
    await say(session, 'v1', 'hello');
    const conversation = await conversationOf(session.visitor_id);
    const body = VerifyVisitorSessionResponse.parse((await verify(session.token)).json());
    expect(body.data.conversation_id).toBe(conversation.id);
  });

  it('forgets a closed conversation', async () => {
    const session = await startSession(widget.id);
    await say(session, 'c1', 'bye');
    const conversation = await conversationOf(session.visitor_id);
    await h.db.update(conversations).set({ status: 'closed' }).where(eq(conversations.id, conversation.id));
    expect((await verify(session.token)).json().data.conversation_id).toBeNull();
  });

  it('answers 401 to a malformed, forged, expired or foreign token and to an unknown or disabled channel', async () => {
    const session = await startSession(widget.id);
    const [head, payload] = session.token.split('.');
    const secret = 'x'.repeat(43);
    const expired = issueWebchatToken({
      secret,
      channelId: widget.id,
      visitorId: 'v',
      now: new Date(Date.now() - 2 * 86_400_000),
    });
    const unknownChannel = issueWebchatToken({
      secret,
      channelId: '00000000-0000-4000-8000-000000000000',
      visitorId: 'v',
      now: new Date(),
    });
    const off = await h.createChannel('webchat', {});
    const offSession = await startSession(off.id);
    await h.inject('PATCH', `/v1/channels/${off.id}`, h.admin, { is_enabled: false });
    for (const token of [
      'not-a-token',
      `${head}.${payload}.forged`,
      expired,
      unknownChannel,
      offSession.token,
    ]) {
      const response = await verify(token);
      expect(response.statusCode, token).toBe(401);
      expect(response.json().error).toBe('unauthorized');
    }
  });

  it('answers 401 without the service token and 422 without a token in the body', async () => {
    const session = await startSession(widget.id);
    expect((await verify(session.token, 'wrong-service-token-0123456789')).statusCode).toBe(401);
    const empty = await h.app.inject({
      method: 'POST',
      url: '/internal/webchat/sessions/verify',
      headers: { 'x-service-token': testServiceToken, 'content-type': 'application/json' },
      payload: '{}',
    });
    expect(empty.statusCode).toBe(422);
  });
});

describe('GET /v1/public/webchat/{channel_id}/messages', () => {
  it('gives the visitor their thread without private notes or activity lines, newest page first', async () => {
    const session = await startSession(widget.id);
    // One at a time: the worker stamps messages when it stores them, and may store concurrent ones in any order.
    for (let i = 1; i <= 3; i++) {
      await say(session, `h${i}`, `question ${i}`);
      await waitFor(() => stored(`${session.visitor_id}:h${i}`), `question ${i}`);
    }
    const conversation = await conversationOf(session.visitor_id);
    const reply = await h.inject('POST', `/v1/conversations/${conversation.id}/messages`, h.agent, {
      content: 'Here to help',
    });
    expect(reply.statusCode).toBe(201);
    await h.inject('POST', `/v1/conversations/${conversation.id}/messages`, h.agent, {
      content: 'internal: VIP customer',
      is_private: true,
    });
    const all = await h.db.select().from(messages).where(eq(messages.conversationId, conversation.id));
    expect(all.some((m) => m.direction === 'system')).toBe(true);

    const first = await history(widget.id, session.token, '?limit=2');
    expect(first.statusCode).toBe(200);
    const page1 = WebchatHistoryEnvelope.parse(first.json());
    expect(page1.data.map((m) => m.content)).toEqual(['question 3', 'Here to help']);
    expect(page1.data[1]).toMatchObject({ direction: 'outbound', sender_type: 'agent' });
    expect(page1.meta).toMatchObject({ limit: 2, next_cursor: page1.data[0]!.id });
    expect(Object.keys(page1.data[0]!).sort()).toEqual(
      [
        'attachments',
        'content',
        'conversation_id',
        'created_at',
        'direction',
        'id',
        'reply_to_message_id',
        'sender_type',
        'status',
      ].sort(),
    );

    const second = await history(widget.id, session.token, `?limit=2&before=${page1.meta.next_cursor}`);
    const page2 = WebchatHistoryEnvelope.parse(second.json());
    expect(page2.data.map((m: WebchatHistoryMessage) => m.content)).toEqual(['question 1', 'question 2']);
    expect(page2.meta.next_cursor).toBeNull();

    const everything = WebchatHistoryEnvelope.parse((await history(widget.id, session.token)).json());
    expect(everything.meta.limit).toBe(50);
    expect(everything.data.map((m) => m.content)).toEqual([
      'question 1',
      'question 2',
      'question 3',
      'Here to help',
    ]);
  });

  it('is empty before the first message, and never shows another visitor’s messages', async () => {
    const writer = await startSession(widget.id);
    await say(writer, 'o1', 'mine only');
    await conversationOf(writer.visitor_id);
    const other = await startSession(widget.id);
    const response = await history(widget.id, other.token);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      success: true,
      data: [],
      meta: { skip: 0, limit: 50, next_cursor: null },
    });
    const writerPage = WebchatHistoryEnvelope.parse((await history(widget.id, writer.token)).json());
    const foreign = await history(widget.id, other.token, `?before=${writerPage.data[0]!.id}`);
    expect(foreign.statusCode).toBe(404);
  });

  it('answers 401 to a missing or bad token or one of another channel, 404 to an unknown channel, 422 to a bad limit', async () => {
    const session = await startSession(widget.id);
    expect((await history(widget.id, undefined)).statusCode).toBe(401);
    expect((await history(widget.id, `${session.token}x`)).statusCode).toBe(401);
    const other = await h.createChannel('webchat', {});
    expect((await history(other.id, session.token)).statusCode).toBe(401);
    expect((await history('00000000-0000-4000-8000-000000000000', session.token)).statusCode).toBe(404);
    expect((await history(widget.id, session.token, '?limit=101')).statusCode).toBe(422);
    expect((await history(widget.id, session.token, '?limit=0')).statusCode).toBe(422);
  });
});
