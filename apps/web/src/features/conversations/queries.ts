import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useApi } from '../auth/auth-context';
import { conversationsApi } from './api';
import { type InboxFilter, toListQuery } from './list-filter';

/** Query keys of the inbox; live events and mutations update these caches. */
export const inboxKeys = {
  lists: ['conversations', 'list'] as const,
  list: (filter: InboxFilter) => ['conversations', 'list', filter] as const,
  counts: ['conversations', 'counts'] as const,
  detail: (id: string) => ['conversation', id] as const,
  messages: (id: string) => ['conversation', id, 'messages'] as const,
  assignments: (id: string) => ['conversation', id, 'assignments'] as const,
  ofContact: (contactId: string) => ['contact', contactId, 'conversations'] as const,
};

const PAGE_SIZE = 30;

/** The inbox list: keyset pages (`cursor` → `meta.next_cursor`). */
export function useConversationList(filter: InboxFilter, enabled = true) {
  const api = useApi(conversationsApi);
  return useInfiniteQuery({
    queryKey: inboxKeys.list(filter),
    enabled,
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      api.list({ ...toListQuery(filter), limit: PAGE_SIZE, cursor: pageParam }, signal),
    getNextPageParam: (last) => last.meta.next_cursor ?? undefined,
  });
}

export function useInboxCounts() {
  const api = useApi(conversationsApi);
  return useQuery({
    queryKey: inboxKeys.counts,
    queryFn: () => api.counts(),
    retry: false,
    staleTime: 15_000,
  });
}

export function useConversation(id: string | null) {
  const api = useApi(conversationsApi);
  return useQuery({
    queryKey: inboxKeys.detail(id ?? ''),
    enabled: id !== null,
    queryFn: () => api.get(id!),
  });
}
