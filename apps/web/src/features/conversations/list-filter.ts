import type { ConversationStatus } from '@turumba/contracts';
import type { Query } from '../../lib/http';
import type { InboxConversation } from './api';

export type InboxTab = 'mine' | 'unassigned' | 'team' | 'all';
/** `active` = every status that still needs someone (open, bot, assigned, pending). */
export type StatusFilter = 'active' | ConversationStatus | 'any';
export type SortKey =
  | 'last_message_at:desc'
  | 'last_message_at:asc'
  | 'created_at:desc'
  | 'waiting_since:asc';

export interface InboxFilter {
  tab: InboxTab;
  status: StatusFilter;
  sort: SortKey;
  q: string;
  teamId: string | null;
}

export const tabs: readonly { id: InboxTab; label: string }[] = [
  { id: 'mine', label: 'Mine' },
  { id: 'unassigned', label: 'Unassigned' },
  { id: 'team', label: 'Team' },
  { id: 'all', label: 'All' },
];

export const statusOptions: readonly { id: StatusFilter; label: string }[] = [
  { id: 'active', label: 'Active' },
  { id: 'open', label: 'Open' },
  { id: 'bot', label: 'With bot' },
  { id: 'assigned', label: 'Assigned' },
  { id: 'pending', label: 'Pending' },
  { id: 'resolved', label: 'Resolved' },
  { id: 'closed', label: 'Closed' },
  { id: 'any', label: 'Any status' },
];

export const sortOptions: readonly { id: SortKey; label: string }[] = [
  { id: 'last_message_at:desc', label: 'Latest activity' },
  { id: 'last_message_at:asc', label: 'Oldest activity' },
  { id: 'created_at:desc', label: 'Newest first' },
  { id: 'waiting_since:asc', label: 'Waiting longest' },
];

export const activeStatuses: readonly ConversationStatus[] = ['open', 'bot', 'assigned', 'pending'];

export const defaultFilter: InboxFilter = {
  tab: 'mine',
  status: 'active',
  sort: 'last_message_at:desc',
  q: '',
  teamId: null,
};

const isOneOf = <T extends string>(list: readonly { id: T }[], value: string | null): value is T =>
  value !== null && list.some((item) => item.id === value);

/** The filter kept in the URL (`?tab=&status=&sort=&q=&team=`), so a reload keeps the view. */
export function readFilter(params: URLSearchParams): InboxFilter {
  const tab = params.get('tab');
  const status = params.get('status');
  const sort = params.get('sort');
  return {
    tab: isOneOf(tabs, tab) ? tab : defaultFilter.tab,
    status: isOneOf(statusOptions, status) ? status : defaultFilter.status,
    sort: isOneOf(sortOptions, sort) ? sort : defaultFilter.sort,
    q: params.get('q') ?? '',
    teamId: params.get('team') || null,
  };
}

export function writeFilter(filter: InboxFilter): string {
  const params = new URLSearchParams();
  if (filter.tab !== defaultFilter.tab) params.set('tab', filter.tab);
  if (filter.status !== defaultFilter.status) params.set('status', filter.status);
  if (filter.sort !== defaultFilter.sort) params.set('sort', filter.sort);
  if (filter.q) params.set('q', filter.q);
  if (filter.teamId) params.set('team', filter.teamId);
  const qs = params.toString();
  return qs ? `?${qs}` : '';
}

function statusQuery(status: StatusFilter): string | undefined {
  if (status === 'any') return undefined;
  if (status === 'active') return activeStatuses.join(',');
  return status;
}

/** `GET /v1/conversations` query of a tab: `assignee_id=me`, `unassigned=true`, `team_id=`, or none. */
export function toListQuery(filter: InboxFilter): Query {
  const query: Query = {
    status: statusQuery(filter.status),
    sort: filter.sort,
    q: filter.q.trim() || undefined,
  };
  if (filter.tab === 'mine') query.assignee_id = 'me';
  if (filter.tab === 'unassigned') query.unassigned = 'true';
  if (filter.tab === 'team' && filter.teamId) query.team_id = filter.teamId;
  return query;
}

/**
 * Whether a conversation belongs in the list of `filter`, decided locally for live events.
 * Search text is not judged here: the server's text search decides which rows a search shows.
 */
export function matchesFilter(
  conversation: InboxConversation,
  filter: InboxFilter,
  myUserId: string,
): boolean {
  const s = conversation.status;
  if (filter.status === 'active' && !activeStatuses.includes(s)) return false;
  if (filter.status !== 'active' && filter.status !== 'any' && filter.status !== s) return false;
  switch (filter.tab) {
    case 'mine':
      return conversation.assignee_id === myUserId;
    case 'unassigned':
      return conversation.assignee_id === null;
    case 'team':
      return filter.teamId !== null && conversation.team_id === filter.teamId;
    case 'all':
      return true;
  }
}

const time = (iso: string | null | undefined) => (iso ? Date.parse(iso) : Number.NaN);

/** The list's order for `sort`, ties broken by id like the server's keyset (rows without a key last). */
export function comparatorFor(sort: SortKey): (a: InboxConversation, b: InboxConversation) => number {
  const [field, dir] = sort.split(':') as [keyof InboxConversation, 'asc' | 'desc'];
  const sign = dir === 'asc' ? 1 : -1;
  return (a, b) => {
    const x = time(a[field] as string | null);
    const y = time(b[field] as string | null);
    if (Number.isNaN(x) !== Number.isNaN(y)) return Number.isNaN(x) ? 1 : -1;
    if (x !== y && !Number.isNaN(x)) return (x - y) * sign;
    return a.id < b.id ? sign : a.id > b.id ? -sign : 0;
  };
}
