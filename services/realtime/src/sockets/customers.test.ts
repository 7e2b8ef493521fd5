import { randomUUID } from 'node:crypto';
import { identityHeaders, verifyGatewaySignature } from '@turumba/platform/auth';
import { testGatewaySecret, testServiceToken } from '@turumba/platform/testing';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningRealtime } from '../start';
import { ack, connect, nextEvent } from '../testing/clients';
import { createHarness, type Harness } from '../testing/harness';

let harness: Harness;
let realtime: RunningRealtime;
const sockets: Socket[] = [];
const accountId = randomUUID();
const channelId = randomUUID();
const conversationId = randomUUID();
const sessions = new Map<string, { visitor_id: string; conversation_id: string | null }>();

async function visitor(visitorId: string, conversation: string | null = conversationId) {
  const token = `token-${randomUUID()}`;
  sessions.set(token, { visitor_id: visitorId, conversation_id: conversation });
  const socket = await connect(realtime.url, '/customers', { token });
  sockets.push(socket);
  return { socket, token };
}

beforeAll(async () => {
  harness = await createHarness('customers');
  harness.messagingApi.on('POST', '/internal/webchat/sessions/verify', (request) => {
    const session = sessions.get((JSON.parse(request.body.toString()) as { token: string }).token);
    if (request.headers['x-service-token'] !== testServiceToken || !session) return { status: 401 };
    return {
      body: {
        success: true,
        data: { ...session, channel_id: channelId, account_id: accountId },
        message: null,
      },
    };
  });
  harness.messagingApi.on('POST', `/v1/public/webchat/${channelId}/messages`, () => ({
    status: 202,
    body: { success: true, data: { message_id: null, conversation_id: conversationId }, message: null },
  }));
  harness.messagingApi.on('GET', `/v1/conversations/${conversationId}`, () => ({ body: {} }));
  realtime = await harness.start();
});

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await harness?.close();
});

describe('/customers', () => {
  it('refuses a visitor whose session the Messaging API does not confirm', async () => {
    await expect(connect(realtime.url, '/customers', { token: 'forged' })).rejects.toThrow('unauthorized');
    await expect(connect(realtime.url, '/customers', {})).rejects.toThrow('unauthorized');
  });

  it('forwards message:send as the public widget post, with the token and a gateway signature', async () => {
    const { socket, token } = await visitor('visitor-1');
    const answer = await ack(socket, 'message:send', { message_id: 'm-1', text: 'Hello there' });
    expect(answer).toEqual({ ok: true, message_id: null, conversation_id: conversationId });
    const request = harness.messagingApi.requests.find(
      (r) => r.url === `/v1/public/webchat/${channelId}/messages`,
    )!;
    expect(request.headers['x-webchat-token']).toBe(token);
    expect(JSON.parse(request.body.toString())).toEqual({
      message_id: 'm-1',
      text: 'Hello there',
      attachments: [],
      visitor_id: 'visitor-1',
    });
    const headers = Object.fromEntries(
      identityHeaders.map((name) => [name, String(request.headers[name] ?? '')]),
    );
    const check = verifyGatewaySignature(
      { method: 'POST', url: request.url, headers },
      request.headers,
      testGatewaySecret,
      Math.floor(Date.now() / 1000),
    );
    expect(check).toEqual({ ok: true });
    expect(headers['x-user-id']).toBe('');
  });

  it.each([
    ['no message id', { text: 'hi' }],
    ['a visitor id of its own', { message_id: 'm', text: 'hi', visitor_id: 'someone-else' }],
    ['a text too long', { message_id: 'm', text: 'x'.repeat(10_001) }],
  ])('answers validation_error to a message with %s', async (_name, body) => {
    const { socket } = await visitor('visitor-2');
    expect(await ack(socket, 'message:send', body)).toMatchObject({ ok: false, error: 'validation_error' });
  });

  it('cannot use agent events', async () => {
    const { socket } = await visitor('visitor-3');
    expect(await ack(socket, 'conversation:join', { conversation_id: randomUUID() })).toMatchObject({
      ok: false,
      error: 'unknown_event',
    });
  });

  it("shows the agent's typing to the visitor of the conversation, and the visitor's to the agent", async () => {
    const { socket: customer } = await visitor('visitor-4');
    const user = harness.addUser({ [accountId]: 'agent' });
    const agent = await connect(realtime.url, '/agents', { token: await harness.tokenFor(user) });
    sockets.push(agent);
    await ack(agent, 'conversation:join', { conversation_id: conversationId });
    const seenByVisitor = nextEvent(customer, 'conversation:typing');
    expect(await ack(agent, 'conversation:typing:start', { conversation_id: conversationId })).toEqual({
      ok: true,
    });
    expect(await seenByVisitor).toEqual({
      conversation_id: conversationId,
      user_id: null,
      sender_type: 'agent',
      is_typing: true,
    });
    const seenByAgent = nextEvent(agent, 'conversation:typing');
    await ack(customer, 'conversation:typing:stop', { conversation_id: conversationId });
    expect(await seenByAgent).toMatchObject({ sender_type: 'contact', is_typing: false });
  });

  it("refuses typing in a conversation that is not the visitor's", async () => {
    const { socket } = await visitor('visitor-5', null);
    expect(await ack(socket, 'conversation:typing:start', { conversation_id: conversationId })).toMatchObject(
      {
        ok: false,
        error: 'not_found',
      },
    );
  });
});
