import { type RefObject, useEffect, useRef, useState } from 'react';
import { ApiError } from '../../lib/api-error';
import { useDebounced } from '../../lib/use-debounced';
import { useNow } from '../../lib/use-now';
import { Icon } from '../../ui/icons';
import { EmptyState, ErrorAlert, Spinner } from '../../ui/states';
import type { Team } from '../teams/api';
import { ConversationRow } from './conversation-row';
import {
  type InboxFilter,
  type InboxTab,
  type SortKey,
  type StatusFilter,
  sortOptions,
  statusOptions,
  tabs,
  writeFilter,
} from './list-filter';
import { flattenPages } from './list-merge';
import { useConversationList, useInboxCounts } from './queries';

interface Props {
  filter: InboxFilter;
  onFilter: (filter: InboxFilter) => void;
  selectedId: string | null;
  teams: Team[] | undefined;
  searchRef: RefObject<HTMLInputElement | null>;
  /** The ids in display order, for j/k. */
  onRows: (ids: string[]) => void;
}

function useInfiniteScroll(onReach: () => void, enabled: boolean) {
  const ref = useRef<HTMLLIElement>(null);
  const latest = useRef(onReach);
  latest.current = onReach;
  useEffect(() => {
    const node = ref.current;
    if (!node || !enabled) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) latest.current();
      },
      { rootMargin: '200px' },
    );
    observer.observe(node);
    return () => observer.disconnect();
  }, [enabled]);
  return ref;
}

function emptyText(filter: InboxFilter): { title: string; body: string } {
  if (filter.q) return { title: 'No matches', body: `Nothing matches “${filter.q}” here.` };
  switch (filter.tab) {
    case 'mine':
      return { title: 'All caught up', body: 'No conversations are assigned to you right now.' };
    case 'unassigned':
      return { title: 'Queue is empty', body: 'New conversations waiting for an agent appear here.' };
    case 'team':
      return { title: 'Nothing for this team', body: 'Conversations routed to the team appear here.' };
    case 'all':
      return { title: 'No conversations', body: 'Customer messages from every channel land here.' };
  }
}

export function ConversationList({ filter, onFilter, selectedId, teams, searchRef, onRows }: Props) {
  const now = useNow();
  const [search, setSearch] = useState(filter.q);
  const debounced = useDebounced(search, 300);
  const needsTeam = filter.tab === 'team' && !filter.teamId;
  const list = useConversationList(filter, !needsTeam);
  const counts = useInboxCounts();
  const rows = flattenPages(list.data);
  const ids = rows.map((r) => r.id).join(',');

  // Only the debounced typing drives the URL; a filter changed elsewhere must not be reverted.
  const latest = useRef({ filter, onFilter });
  latest.current = { filter, onFilter };
  useEffect(() => {
    const { filter: current, onFilter: apply } = latest.current;
    if (debounced !== current.q) apply({ ...current, q: debounced });
  }, [debounced]);

  useEffect(() => onRows(ids ? ids.split(',') : []), [ids, onRows]);

  const sentinel = useInfiniteScroll(() => {
    if (list.hasNextPage && !list.isFetchingNextPage) void list.fetchNextPage();
  }, !!list.hasNextPage);

  const countOf = (tab: InboxTab) => (counts.data ? counts.data[tab] : undefined);
  const search_ = writeFilter(filter);
  const empty = emptyText(filter);

  return (
    <section className="conv-list" aria-label="Conversations">
      <header className="conv-list__header">
        <div className="conv-list__title">
          <h1>Inbox</h1>
          {list.isFetching && !list.isFetchingNextPage && !list.isLoading ? (
            <Spinner label="Refreshing" />
          ) : null}
        </div>
        <div className="conv-tabs" role="tablist" aria-label="Inbox views">
          {tabs.map((tab) => (
            <button
              key={tab.id}
              type="button"
              role="tab"
              aria-selected={filter.tab === tab.id}
              className="conv-tabs__tab"
              onClick={() => onFilter({ ...filter, tab: tab.id })}
            >
              {tab.label}
              {countOf(tab.id) !== undefined ? (
                <span className="conv-tabs__count">{countOf(tab.id)}</span>
              ) : null}
            </button>
          ))}
        </div>
        <div className="conv-list__search">
          <Icon name="search" size={15} />
          <input
            ref={searchRef}
            type="search"
            className="input input--sm"
            placeholder="Search conversations"
            aria-label="Search conversations (s)"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        </div>
        <div className="conv-list__filters">
          <select
            className="select select--sm"
            aria-label="Status"
            value={filter.status}
            onChange={(e) => onFilter({ ...filter, status: e.target.value as StatusFilter })}
          >
            {statusOptions.map((o) => (
              <option key={o.id} value={o.id}>
                {o.label}
                {counts.data &&
                o.id !== 'active' &&
                o.id !== 'any' &&
                counts.data.by_status[o.id] !== undefined
                  ? ` (${counts.data.by_status[o.id]})`
                  : ''}
              </option>
            ))}
          </select>
          <select
            className="select select--sm"
            aria-label="Sort"
            value={filter.sort}
            onChange={(e) => onFilter({ ...filter, sort: e.target.value as SortKey })}
          >
            {sortOptions.map((o) => (
              <option key={o.id} value={o.id}>
                {o.label}
              </option>
            ))}
          </select>
          {filter.tab === 'team' ? (
            <select
              className="select select--sm"
              aria-label="Team"
              value={filter.teamId ?? ''}
              onChange={(e) => onFilter({ ...filter, teamId: e.target.value || null })}
            >
              <option value="">Choose a team</option>
              {(teams ?? []).map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          ) : null}
        </div>
      </header>
      <div className="conv-list__scroll">
        {needsTeam ? (
          <EmptyState icon="team" title={teams?.length === 0 ? 'No teams yet' : 'Choose a team'}>
            {teams?.length === 0
              ? 'An admin can create teams under Admin → Teams.'
              : 'Pick a team to see its queue.'}
          </EmptyState>
        ) : list.isLoading ? (
          <ul className="conv-skeleton" aria-hidden="true">
            {Array.from({ length: 6 }, (_, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: static placeholders
              <li key={i} />
            ))}
          </ul>
        ) : list.isError ? (
          <div style={{ padding: 12 }}>
            <ErrorAlert
              error={list.error}
              title={
                list.error instanceof ApiError && list.error.status === 400
                  ? 'This filter is not supported'
                  : 'Could not load conversations'
              }
              onRetry={() => void list.refetch()}
            />
          </div>
        ) : rows.length === 0 ? (
          <EmptyState icon="inbox" title={empty.title}>
            {empty.body}
          </EmptyState>
        ) : (
          <ul className="conv-list__rows">
            {rows.map((c) => (
              <ConversationRow
                key={c.id}
                conversation={c}
                href={`/inbox/${c.id}${search_}`}
                isSelected={c.id === selectedId}
                now={now}
                showStatus={filter.status === 'any' || filter.status === 'active'}
              />
            ))}
            <li ref={sentinel} className="conv-list__sentinel">
              {list.isFetchingNextPage ? <Spinner label="Loading more" /> : null}
            </li>
          </ul>
        )}
      </div>
    </section>
  );
}
