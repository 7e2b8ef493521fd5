import { describe, expect, it } from 'vitest';
import type { InboxConversation } from './api';
import { comparatorFor, defaultFilter, readFilter, toListQuery, writeFilter } from './list-filter';

describe('toListQuery', () => {
  it('maps each tab to the inbox query of the issue', () => {
    expect(toListQuery({ ...defaultFilter, tab: 'mine' })).toMatchObject({ assignee_id: 'me' });
    expect(toListQuery({ ...defaultFilter, tab: 'unassigned' })).toMatchObject({ unassigned: 'true' });
    expect(toListQuery({ ...defaultFilter, tab: 'team', teamId: 't1' })).toMatchObject({ team_id: 't1' });
    const all = toListQuery({ ...defaultFilter, tab: 'all' });
    expect(all).not.toHaveProperty('assignee_id');
    expect(all).not.toHaveProperty('unassigned');
  });

  it('sends active as a status list, any as no status, and the search text', () => {
    expect(toListQuery(defaultFilter).status).toBe('open,bot,assigned,pending');
    expect(toListQuery({ ...defaultFilter, status: 'any' }).status).toBeUndefined();
    expect(toListQuery({ ...defaultFilter, q: '  refund ' }).q).toBe('refund');
    expect(toListQuery(defaultFilter).sort).toBe('last_message_at:desc');
  });
});

describe('readFilter / writeFilter', () => {
  it('round-trips through the URL and leaves defaults out', () => {
    const filter = {
      tab: 'team',
      status: 'pending',
      sort: 'waiting_since:asc',
      q: 'late order',
      teamId: 't1',
    } as const;
    const search = writeFilter(filter);
    expect(readFilter(new URLSearchParams(search))).toEqual(filter);
    expect(writeFilter(defaultFilter)).toBe('');
  });

  it('ignores unknown values', () => {
    expect(readFilter(new URLSearchParams('tab=nope&status=weird&sort=x'))).toEqual(defaultFilter);
  });
});

describe('comparatorFor', () => {
  const row = (id: string, waiting: string | null) => ({ id, waiting_since: waiting }) as InboxConversation;
  it('sorts ascending with rows lacking the key last', () => {
    const rows = [row('a', null), row('b', '2026-01-02T00:00:00Z'), row('c', '2026-01-01T00:00:00Z')];
    expect(rows.sort(comparatorFor('waiting_since:asc')).map((r) => r.id)).toEqual(['c', 'b', 'a']);
  });
});
