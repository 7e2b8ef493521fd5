import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import type { AgentPreferences, Conversation } from '@turumba/contracts';
import { useEffect, useRef } from 'react';
import { matchPath } from '../../lib/route-match';
import { navigate } from '../../lib/router';
import { useToast } from '../../ui/toast';
import { preferenceKeys } from '../agent-preferences/api';
import { useCurrentUser } from '../auth/auth-context';
import { beep, showDesktopNotification } from '../notifications/notify';
import type {
  AssignmentNotification,
  ConversationMessageEvent,
  ConversationNew,
  ConversationUpdated,
  MessageStatusEvent,
} from '../realtime/payloads';
import { ServerEvent } from '../realtime/protocol';
import { useResync, useSocketEvent } from '../realtime/realtime-context';
import { type MessagePages, patchMessageStatus, upsertMessage } from '../thread/message-merge';
import type { ConversationDetail, InboxConversation } from './api';
import { comparatorFor, type InboxFilter, matchesFilter } from './list-filter';
import { type ListPages, mergeRow, upsertConversation } from './list-merge';
import { inboxKeys } from './queries';

/** The conversation open in the thread, read from the URL at event time. */
export function openConversationId(): string | null {
  return matchPath('/inbox/:id', window.location.pathname)?.id ?? null;
}

/** Applies one conversation from an event to every cached inbox list and to its detail. */
export function applyConversation(client: QueryClient, conversation: InboxConversation, myUserId: string) {
  const isOpen = openConversationId() === conversation.id;
  for (const [key, data] of client.getQueriesData<ListPages>({ queryKey: inboxKeys.lists })) {
    const filter = key[2] as InboxFilter | undefined;
    if (!data || !filter) continue;
    client.setQueryData<ListPages>(
      key,
      upsertConversation(data, conversation, {
        matches: matchesFilter(conversation, filter, myUserId),
        compare: comparatorFor(filter.sort),
        updateOnly: filter.q.trim() !== '',
        isOpen,
      }),
    );
  }
  client.setQueryData<ConversationDetail>(inboxKeys.detail(conversation.id), (detail) =>
    detail ? { ...detail, ...mergeRow(detail, conversation, isOpen) } : detail,
  );
}

function useThrottledInvalidate(client: QueryClient) {
  const timer = useRef<number | null>(null);
  useEffect(() => () => void (timer.current && window.clearTimeout(timer.current)), []);
  return () => {
    if (timer.current) return;
    timer.current = window.setTimeout(() => {
      timer.current = null;
      void client.invalidateQueries({ queryKey: inboxKeys.counts });
    }, 800);
  };
}

/**
 * Keeps the inbox caches live: new and changed conversations move into (or out of) every cached
 * list, messages and delivery statuses reach open threads, assignments notify, and a reconnect
 * that missed events reloads everything.
 */
export function useLiveInbox() {
  const client = useQueryClient();
  const me = useCurrentUser();
  const toast = useToast();
  const refreshCounts = useThrottledInvalidate(client);
  const accountId = me.account?.account_id ?? null;
  const ofMyAccount = (c: { account_id: string }) => !accountId || c.account_id === accountId;

  const onConversation = (conversation: Conversation | undefined) => {
    if (!conversation || !ofMyAccount(conversation)) return;
    applyConversation(client, conversation, me.id);
    refreshCounts();
  };

  useSocketEvent(ServerEvent.conversationNew, (p) => onConversation((p as ConversationNew).conversation));
  useSocketEvent(ServerEvent.conversationUpdated, (p) =>
    onConversation((p as ConversationUpdated).conversation),
  );
  useSocketEvent(ServerEvent.queueUpdate, () => refreshCounts());

  useSocketEvent(ServerEvent.conversationMessage, (payload) => {
    const { conversation_id, message } = payload as ConversationMessageEvent;
    client.setQueryData<MessagePages>(inboxKeys.messages(conversation_id), (pages) =>
      pages ? upsertMessage(pages, message) : pages,
    );
  });

  useSocketEvent(ServerEvent.conversationMessageStatus, (payload) => {
    const p = payload as MessageStatusEvent;
    client.setQueryData<MessagePages>(inboxKeys.messages(p.conversation_id), (pages) =>
      patchMessageStatus(pages, p.message_id, p.status, p.error),
    );
  });

  useSocketEvent(ServerEvent.notificationAssignment, (payload) => {
    const p = payload as AssignmentNotification;
    if (!ofMyAccount(p.conversation)) return;
    applyConversation(client, p.conversation, me.id);
    refreshCounts();
    if (p.assignee_id !== me.id || p.assigned_by === me.id) return;
    const who = p.conversation.contact_name ?? p.conversation.contact_identifier;
    const prefs = client.getQueryData<AgentPreferences>(preferenceKeys.mine)?.notification_preferences;
    const open = () => navigate(`/inbox/${p.conversation.id}`);
    toast.info(`Conversation #${p.conversation.display_id} with ${who} was assigned to you.`);
    if (prefs?.sound ?? true) beep();
    if ((prefs?.desktop ?? true) && !document.hasFocus()) {
      showDesktopNotification(
        `New conversation for you: ${who}`,
        p.conversation.last_message_preview ?? '',
        open,
      );
    }
  });

  useResync(() => {
    void client.invalidateQueries({ queryKey: ['conversations'] });
    void client.invalidateQueries({ queryKey: ['conversation'] });
  });
}
