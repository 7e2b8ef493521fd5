import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useApi, useCurrentUser } from '../auth/auth-context';
import { type ConversationDetail, conversationsApi } from '../conversations/api';
import { type ListPages, patchConversation } from '../conversations/list-merge';
import { inboxKeys } from '../conversations/queries';
import type { TypingEvent } from '../realtime/payloads';
import { ServerEvent } from '../realtime/protocol';
import { useRealtime, useSocketEvent } from '../realtime/realtime-context';
import { flattenMessages, type MessagePages } from './message-merge';

/** The thread's messages: the latest page first, older pages on demand (`before` = `meta.older_cursor`). */
export function useThreadMessages(conversationId: string) {
  const api = useApi(conversationsApi);
  const query = useInfiniteQuery({
    queryKey: inboxKeys.messages(conversationId),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => api.messages(conversationId, pageParam),
    getNextPageParam: (last) => last.meta.older_cursor ?? last.meta.next_cursor ?? undefined,
    staleTime: 30_000,
  });
  return { ...query, messages: flattenMessages(query.data as MessagePages | undefined) };
}

/** Joins the conversation's room while it is open (the socket re-joins after reconnects). */
export function useConversationRoom(conversationId: string) {
  const { socket } = useRealtime();
  useEffect(() => {
    if (!socket) return;
    void socket.join(conversationId);
    return () => void socket.leave(conversationId);
  }, [socket, conversationId]);
}

/** Marks the conversation read on open and whenever its unread count grows while it is open. */
export function useMarkRead(conversation: ConversationDetail | undefined) {
  const api = useApi(conversationsApi);
  const client = useQueryClient();
  const id = conversation?.id;
  const inbound = conversation?.last_inbound_at ?? null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: a newer customer message is read again
  useEffect(() => {
    if (!id) return;
    const mark = () => {
      if (document.visibilityState !== 'visible') return;
      api.markRead(id).catch(() => undefined);
      for (const [key, data] of client.getQueriesData<ListPages>({ queryKey: inboxKeys.lists })) {
        if (data)
          client.setQueryData(
            key,
            patchConversation(data, id, (row) => ({ ...row, unread_count: 0 })),
          );
      }
      client.setQueryData<ConversationDetail>(inboxKeys.detail(id), (d) =>
        d ? { ...d, unread_count: 0 } : d,
      );
      void client.invalidateQueries({ queryKey: inboxKeys.counts });
    };
    mark();
    document.addEventListener('visibilitychange', mark);
    return () => document.removeEventListener('visibilitychange', mark);
  }, [api, client, id, inbound]);
}

export interface Typist {
  key: string;
  userId: string | null;
  senderType: 'agent' | 'contact';
}

const TYPING_TTL_MS = 6_000;

/**
 * Who is typing in the conversation (never me); entries expire if a stop event is lost. The
 * thread is keyed by conversation, so a newly opened one starts with nobody typing.
 */
export function useTypists(conversationId: string): Typist[] {
  const me = useCurrentUser();
  const [typists, setTypists] = useState<Map<string, Typist & { until: number }>>(new Map());

  useSocketEvent(ServerEvent.conversationTyping, (payload) => {
    const p = payload as TypingEvent;
    if (p.conversation_id !== conversationId || (p.user_id && p.user_id === me.id)) return;
    const key = `${p.sender_type}:${p.user_id ?? ''}`;
    setTypists((prev) => {
      const next = new Map(prev);
      if (p.is_typing)
        next.set(key, {
          key,
          userId: p.user_id,
          senderType: p.sender_type,
          until: Date.now() + TYPING_TTL_MS,
        });
      else next.delete(key);
      return next;
    });
  });

  useEffect(() => {
    if (typists.size === 0) return;
    const id = window.setInterval(() => {
      setTypists((prev) => {
        const now = Date.now();
        const alive = [...prev].filter(([, t]) => t.until > now);
        return alive.length === prev.size ? prev : new Map(alive);
      });
    }, 1000);
    return () => window.clearInterval(id);
  }, [typists.size]);

  return [...typists.values()];
}

/** Emits typing start/stop while the agent types a reply (throttled; stops after 4 s idle). */
export function useTypingEmitter(conversationId: string) {
  const { socket } = useRealtime();
  const state = useRef({ typing: false, lastStart: 0, timer: 0 });
  useEffect(() => {
    const s = state.current;
    return () => {
      window.clearTimeout(s.timer);
      if (s.typing) socket?.typing(conversationId, false);
      s.typing = false;
    };
  }, [socket, conversationId]);

  return {
    onInput() {
      const s = state.current;
      const now = Date.now();
      if (!s.typing || now - s.lastStart > 3000) {
        socket?.typing(conversationId, true);
        s.typing = true;
        s.lastStart = now;
      }
      window.clearTimeout(s.timer);
      s.timer = window.setTimeout(() => {
        socket?.typing(conversationId, false);
        s.typing = false;
      }, 4000);
    },
    stop() {
      const s = state.current;
      window.clearTimeout(s.timer);
      if (s.typing) socket?.typing(conversationId, false);
      s.typing = false;
    },
  };
}
