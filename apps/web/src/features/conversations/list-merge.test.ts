import { describe, expect, it } from 'vitest';
import type { InboxConversation } from './api';
import { comparatorFor, matchesFilter } from './list-filter';
import { flattenPages, type ListPages, mergeRow, patchConversation, upsertConversation } from './list-merge';

const me = '00000000-0000-4000-8000-0000000000aa';

function conv(id: string, minute: number, extra: Partial<InboxConversation> = {}): InboxConversation {
  const at = new Date(Date.UTC(2026, 0, 1, 12, minute)).toISOString();
  return {
    id,
    account_id: 'acc',
    display_id: 1,
    channel_id: 'ch',
    channel_type: 'webchat',
    contact_id: null,
    contact_identifier: 'v',
    contact_name: id,
    assignee_id: null,
    team_id: null,
    status: 'open',
    priority: 'normal',
    subject: null,
    labels: [],
    first_reply_at: null,
    resolved_at: null,
    last_message_at: at,
    last_inbound_at: at,
    last_message_preview: null,
    queued_at: null,
    waiting_since: null,
    bot_context: null,
    metadata: {},
    created_at: at,
    updated_at: at,
    unread_count: 0,
    ...extra,
  };
}

const pages = (...lists: [InboxConversation[], string | null][]): ListPages => ({
  pages: lists.map(([data, next]) => ({ data, meta: { skip: 0, limit: 2, next_cursor: next } })),
  pageParams: lists.map(() => undefined),
});

const latest = comparatorFor('last_message_at:desc');
const ids = (p: ListPages) => flattenPages(p).map((c) => c.id);

describe('upsertConversation', () => {
  it('puts a new matching conversation at its sorted place (newest first)', () => {
    const cache = pages([[conv('b', 20), conv('c', 10)], null]);
    const next = upsertConversation(cache, conv('a', 30), { matches: true, compare: latest });
    expect(ids(next)).toEqual(['a', 'b', 'c']);
  });

  it('moves an updated conversation to the top when it gets a new message', () => {
    const cache = pages([[conv('a', 30), conv('b', 20)], 'cursor'], [[conv('c', 10)], null]);
    const next = upsertConversation(cache, conv('c', 40), { matches: true, compare: latest });
    expect(ids(next)).toEqual(['c', 'a', 'b']);
    expect(next.pages[1]?.data).toEqual([]);
  });

  it('removes a conversation that no longer matches the list', () => {
    const cache = pages([[conv('a', 30), conv('b', 20)], null]);
    const next = upsertConversation(cache, conv('a', 31, { status: 'resolved' }), {
      matches: false,
      compare: latest,
    });
    expect(ids(next)).toEqual(['b']);
  });

  it('leaves a row that sorts after everything loaded for paging to bring', () => {
    const cache = pages([[conv('a', 30), conv('b', 20)], 'more']);
    const next = upsertConversation(cache, conv('z', 1), { matches: true, compare: latest });
    expect(ids(next)).toEqual(['a', 'b']);
  });

  it('appends to the last page when the whole list is loaded', () => {
    const cache = pages([[conv('a', 30)], null]);
    expect(ids(upsertConversation(cache, conv('z', 1), { matches: true, compare: latest }))).toEqual([
      'a',
      'z',
    ]);
  });

  it('ignores an event older than the cached row', () => {
    const cached = conv('a', 30, { updated_at: '2026-01-01T13:00:00.000Z', subject: 'new' });
    const cache = pages([[cached], null]);
    const stale = conv('a', 30, { updated_at: '2026-01-01T12:59:00.000Z', subject: 'old' });
    expect(upsertConversation(cache, stale, { matches: true, compare: latest })).toBe(cache);
  });

  it('only updates rows in place for a search view', () => {
    const cache = pages([[conv('a', 30)], null]);
    const next = upsertConversation(cache, conv('b', 40), {
      matches: true,
      compare: latest,
      updateOnly: true,
    });
    expect(next).toBe(cache);
    const updated = upsertConversation(cache, conv('a', 45, { subject: 'x' }), {
      matches: true,
      compare: latest,
      updateOnly: true,
    });
    expect(flattenPages(updated)[0]?.subject).toBe('x');
  });
});

describe('mergeRow', () => {
  it('counts a new customer message as unread unless the conversation is open', () => {
    const before = conv('a', 10, { unread_count: 2 });
    const after = conv('a', 20);
    const { unread_count: _omit, ...event } = after;
    expect(mergeRow(before, event).unread_count).toBe(3);
    expect(mergeRow(before, event, true).unread_count).toBe(0);
    expect(mergeRow(before, { ...event, last_inbound_at: before.last_inbound_at }).unread_count).toBe(2);
  });
});

describe('patchConversation', () => {
  it('changes one row and leaves the cache alone when the row is absent', () => {
    const cache = pages([[conv('a', 10, { unread_count: 4 })], null]);
    expect(
      flattenPages(patchConversation(cache, 'a', (r) => ({ ...r, unread_count: 0 })))[0]?.unread_count,
    ).toBe(0);
    expect(patchConversation(cache, 'zz', (r) => r)).toBe(cache);
  });
});

describe('matchesFilter', () => {
  const base = { status: 'active', sort: 'last_message_at:desc', q: '', teamId: null } as const;
  it('matches the tabs by assignee and team', () => {
    const mine = conv('a', 1, { assignee_id: me, status: 'assigned' });
    expect(matchesFilter(mine, { ...base, tab: 'mine' }, me)).toBe(true);
    expect(matchesFilter(mine, { ...base, tab: 'unassigned' }, me)).toBe(false);
    expect(matchesFilter(conv('b', 1), { ...base, tab: 'unassigned' }, me)).toBe(true);
    expect(matchesFilter(conv('c', 1, { team_id: 't1' }), { ...base, tab: 'team', teamId: 't1' }, me)).toBe(
      true,
    );
    expect(matchesFilter(conv('c', 1, { team_id: 't2' }), { ...base, tab: 'team', teamId: 't1' }, me)).toBe(
      false,
    );
  });

  it('matches the status filter, where active means not resolved or closed', () => {
    expect(matchesFilter(conv('a', 1, { status: 'pending' }), { ...base, tab: 'all' }, me)).toBe(true);
    expect(matchesFilter(conv('a', 1, { status: 'resolved' }), { ...base, tab: 'all' }, me)).toBe(false);
    expect(
      matchesFilter(conv('a', 1, { status: 'resolved' }), { ...base, tab: 'all', status: 'resolved' }, me),
    ).toBe(true);
    expect(
      matchesFilter(conv('a', 1, { status: 'closed' }), { ...base, tab: 'all', status: 'any' }, me),
    ).toBe(true);
  });
});
