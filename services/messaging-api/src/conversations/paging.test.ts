import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestMessagingApi } from '../test-support';
import { encodeCursor } from './cursor';
import { conversations } from './tables';
import { type InboxKit, inboxKit, member } from './test-kit';

let api: Awaited<ReturnType<typeof createTestMessagingApi>>;
let kit: InboxKit;
const account = randomUUID();
const admin = member(account, 'admin');
let channel: string;
const seeded: string[] = [];

/**
 * 60 conversations whose activity times collide: groups of five share one instant to the
 * microsecond, and neighbouring groups differ by a single microsecond (which a JS Date cannot hold).
 */
beforeAll(async () => {
  api = await createTestMessagingApi();
  kit = inboxKit(api);
  channel = await kit.channel(account);
  const rows = Array.from({ length: 60 }, (_, i) => {
    const id = randomUUID();
    seeded.push(id);
    const micros = Math.floor(i / 5);
    return {
      id,
      accountId: account,
      displayId: 1000 + i,
      channelId: channel,
      channelType: 'whatsapp' as const,
      contactIdentifier: `seed-${i}`,
      lastMessageAt: sql`'2026-01-01T10:00:00Z'::timestamptz + make_interval(secs => ${micros} / 1000000.0)`,
    };
  });
  await kit.db.insert(conversations).values(rows as never);
});
afterAll(() => api?.cleanup());

async function pageThrough(sort: string, limit: number, between: () => Promise<void>) {
  const seen: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const query = `?limit=${limit}&sort=${sort}${cursor ? `&cursor=${cursor}` : ''}`;
    const res = await kit.call('GET', `/v1/conversations${query}`, admin);
    expect(res.status).toBe(200);
    if (cursor) expect(res.body.meta.total).toBeUndefined();
    seen.push(...res.body.data.map((row: { id: string }) => row.id));
    cursor = res.body.meta.next_cursor ?? null;
    await between();
    pages++;
  } while (cursor && pages < 50);
  return seen;
}

describe('keyset paging of the inbox', () => {
  it('neither skips nor repeats rows while new conversations arrive between pages', async () => {
    const arrived: string[] = [];
    const seen = await pageThrough('last_message_at:desc', 7, async () => {
      const conv = await kit.conversation(admin, channel);
      await kit.inbound(conv, 'hello again');
      arrived.push(conv.id);
    });
    const original = seen.filter((id) => !arrived.includes(id));
    expect(original).toHaveLength(seeded.length);
    expect(new Set(original).size).toBe(seeded.length);
    expect([...original].sort()).toEqual([...seeded].sort());
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('pages ascending by display id with the same guarantees', async () => {
    const seen = await pageThrough('display_id:asc', 9, async () => {
      await kit.conversation(admin, channel);
    });
    const mine = seen.filter((id) => seeded.includes(id));
    expect(mine).toEqual(seeded);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('returns next_cursor with offset paging too, and none on the last page', async () => {
    const first = await kit.call('GET', '/v1/conversations?limit=5', admin);
    expect(first.body.meta).toMatchObject({ skip: 0, limit: 5 });
    expect(first.body.meta.total).toBeGreaterThanOrEqual(60);
    expect(first.body.meta.next_cursor).toEqual(expect.any(String));
    const all = await kit.call('GET', '/v1/conversations?limit=500', admin);
    expect(all.body.meta.next_cursor).toBeUndefined();
  });

  it('rejects a cursor of another sort order or a tampered one with 400', async () => {
    const first = await kit.call('GET', '/v1/conversations?limit=5', admin);
    const cursor = first.body.meta.next_cursor;
    expect(
      (await kit.call('GET', `/v1/conversations?sort=created_at:desc&cursor=${cursor}`, admin)).status,
    ).toBe(400);
    const tampered = encodeCursor({
      s: 'last_message_at',
      d: 'desc',
      v: "x'; drop table conversations",
      id: 'x',
    });
    expect((await kit.call('GET', `/v1/conversations?cursor=${tampered}`, admin)).status).toBe(400);
    const badTime = encodeCursor({ s: 'last_message_at', d: 'desc', v: 'yesterday', id: randomUUID() });
    expect((await kit.call('GET', `/v1/conversations?cursor=${badTime}`, admin)).status).toBe(400);
  });
});
