import { SESSION_ENDED } from '@turumba/contracts';
import { outboxEvents } from '@turumba/platform/outbox';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAccountApi, identityOf, loginAs, send, type TestAccountApi } from '../test-support';

let api: TestAccountApi;
let now = new Date();

beforeAll(async () => {
  api = await createTestAccountApi({ clock: () => now });
});
afterAll(() => api?.cleanup());

const refresh = (token: string) => send(api, 'POST', '/v1/auth/refresh', undefined, { refresh_token: token });

describe('POST /v1/auth/refresh', () => {
  it('trades a refresh token for a new pair once; the old token then no longer works', async () => {
    const first = await loginAs(api, 'agent1@demo.local');
    const res = await refresh(first.refresh_token);
    expect(res.statusCode).toBe(200);
    const second = res.json().data;
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(second.access_token).toEqual(expect.any(String));
    const third = await refresh(second.refresh_token);
    expect(third.statusCode).toBe(200);
  });

  it('revokes the whole family when a used token is presented again (reuse detection)', async () => {
    const stolen = await loginAs(api, 'agent2@demo.local');
    const rotated = (await refresh(stolen.refresh_token)).json().data;
    const otherSession = await loginAs(api, 'agent2@demo.local');

    const saved = now;
    now = new Date(saved.getTime() + 11_000); // past the 10 s grace for concurrent refreshes
    try {
      const replay = await refresh(stolen.refresh_token);
      expect(replay.statusCode).toBe(401);
      expect(replay.json().error).toBe('unauthorized');
      expect((await refresh(rotated.refresh_token)).statusCode).toBe(401);
      // Another sign-in is another family, untouched.
      expect((await refresh(otherSession.refresh_token)).statusCode).toBe(200);
    } finally {
      now = saved;
    }
  });

  it('gives each of two concurrent refreshes of one token a working pair (two tabs, one session)', async () => {
    const session = await loginAs(api, 'agent1@demo.local');
    const [a, b] = await Promise.all([refresh(session.refresh_token), refresh(session.refresh_token)]);
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    expect(a.json().data.refresh_token).not.toBe(b.json().data.refresh_token);
    expect((await refresh(a.json().data.refresh_token)).statusCode).toBe(200);
    expect((await refresh(b.json().data.refresh_token)).statusCode).toBe(200);
  });

  it('answers 401 for an unknown and for an expired refresh token', async () => {
    expect((await refresh('not-a-token-we-issued')).statusCode).toBe(401);
    const pair = await loginAs(api, 'admin@demo.local');
    const saved = now;
    now = new Date(saved.getTime() + 31 * 86_400_000);
    try {
      const res = await refresh(pair.refresh_token);
      expect(res.statusCode).toBe(401);
      expect(res.json().message).toMatch(/expired/);
    } finally {
      now = saved;
    }
  });
});

describe('POST /v1/auth/logout', () => {
  it("revokes the given token's session and leaves the user's other sessions alone", async () => {
    const me = await identityOf(api, 'agent1@demo.local');
    const session = await loginAs(api, 'agent1@demo.local');
    const other = await loginAs(api, 'agent1@demo.local');
    const res = await send(api, 'POST', '/v1/auth/logout', me, { refresh_token: session.refresh_token });
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
    expect((await refresh(session.refresh_token)).statusCode).toBe(401);
    expect((await refresh(other.refresh_token)).statusCode).toBe(200);
  });

  it("revokes every session of the user without a token, and never another user's", async () => {
    const me = await identityOf(api, 'agent2@demo.local');
    const mine = [await loginAs(api, 'agent2@demo.local'), await loginAs(api, 'agent2@demo.local')];
    const someoneElse = await loginAs(api, 'admin@demo.local');
    await send(api, 'POST', '/v1/auth/logout', me, { refresh_token: someoneElse.refresh_token });
    expect((await send(api, 'POST', '/v1/auth/logout', me)).statusCode).toBe(204);
    for (const pair of mine) expect((await refresh(pair.refresh_token)).statusCode).toBe(401);
    expect((await refresh(someoneElse.refresh_token)).statusCode).toBe(200);
  });

  it('answers 401 without a signed-in user', async () => {
    expect((await send(api, 'POST', '/v1/auth/logout', undefined, {})).statusCode).toBe(401);
  });

  it("ends the access tokens of the logged-out session, not those of the user's other sessions", async () => {
    const me = await identityOf(api, 'agent1@demo.local');
    const session = await loginAs(api, 'agent1@demo.local');
    const other = await loginAs(api, 'agent1@demo.local');
    // Rotation keeps the session: the access token issued before it still works.
    const rotated = (await refresh(session.refresh_token)).json().data;
    expect((await contextOf(session.access_token)).statusCode).toBe(200);
    expect((await contextOf(rotated.access_token)).statusCode).toBe(200);

    await send(api, 'POST', '/v1/auth/logout', me, { refresh_token: rotated.refresh_token });

    for (const token of [session.access_token, rotated.access_token]) {
      const res = await contextOf(token);
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ success: false, error: 'unauthorized', message: 'Session ended' });
    }
    expect((await contextOf(other.access_token)).statusCode).toBe(200);
  });

  it('announces every ended sign-in (auth.session.ended) for Realtime to close its sockets', async () => {
    const me = await identityOf(api, 'admin@demo.local');
    const session = await loginAs(api, 'admin@demo.local');
    await send(api, 'POST', '/v1/auth/logout', me, { refresh_token: session.refresh_token });
    await send(api, 'POST', '/v1/auth/logout', me);
    const sid = JSON.parse(Buffer.from(session.access_token.split('.')[1]!, 'base64url').toString()).sid;
    const events = await api.deps.modules.db
      .select()
      .from(outboxEvents)
      .where(and(eq(outboxEvents.eventType, SESSION_ENDED), eq(outboxEvents.aggregateId, me.userId)));
    const ended = events.map((e) => e.payload.data);
    expect(ended).toHaveLength(2);
    expect(ended).toEqual(
      expect.arrayContaining([
        { user_id: me.userId, session_id: sid, reason: 'logout' },
        { user_id: me.userId, session_id: null, reason: 'logout' },
      ]),
    );
  });

  it('ends every access token of the user when every session is logged out', async () => {
    const me = await identityOf(api, 'agent2@demo.local');
    const mine = [await loginAs(api, 'agent2@demo.local'), await loginAs(api, 'agent2@demo.local')];
    const someoneElse = await loginAs(api, 'admin@demo.local');
    await send(api, 'POST', '/v1/auth/logout', me);
    for (const pair of mine) expect((await contextOf(pair.access_token)).statusCode).toBe(401);
    expect((await contextOf(someoneElse.access_token)).statusCode).toBe(200);
  });

  it('ends the access tokens of a session revoked for refresh-token reuse', async () => {
    const stolen = await loginAs(api, 'agent2@demo.local');
    await refresh(stolen.refresh_token);
    const saved = now;
    now = new Date(saved.getTime() + 11_000);
    try {
      expect((await refresh(stolen.refresh_token)).statusCode).toBe(401);
      expect((await contextOf(stolen.access_token)).statusCode).toBe(401);
    } finally {
      now = saved;
    }
  });
});

function contextOf(accessToken: string) {
  return api.app.inject({ url: '/context/basic', headers: { authorization: `Bearer ${accessToken}` } });
}
