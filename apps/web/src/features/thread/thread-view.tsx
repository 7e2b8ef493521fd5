import type { Message } from '@turumba/contracts';
import { Fragment, forwardRef, useEffect, useLayoutEffect, useRef } from 'react';
import { dayLabel } from '../../lib/time';
import { useNow } from '../../lib/use-now';
import { ChannelIcon, channelLabels } from '../../ui/channel-icon';
import { Icon } from '../../ui/icons';
import { ErrorAlert, Spinner } from '../../ui/states';
import { useCurrentUser } from '../auth/auth-context';
import { Composer, type ComposerHandle } from '../composer/composer';
import type { ConversationDetail } from '../conversations/api';
import { contactLabel, statusBadge, statusLabels } from '../conversations/conversation-row';
import { useTeams } from '../teams/use-teams';
import { replaceIds } from '../users/names';
import { useNameBook } from '../users/use-members';
import { activityText, type Names } from './activity-text';
import { MessageItem } from './message-item';
import { StatusActions } from './status-actions';
import { type Typist, useConversationRoom, useMarkRead, useThreadMessages, useTypists } from './use-thread';

function typingText(typists: Typist[], nameOf: (id: string | null) => string): string | null {
  if (typists.length === 0) return null;
  const names = typists.map((t) => (t.senderType === 'contact' ? 'The customer' : nameOf(t.userId)));
  return names.length === 1
    ? `${names[0]} is typing…`
    : `${names.slice(0, -1).join(', ')} and ${names.at(-1)} are typing…`;
}

function useStickToBottom(count: number, lastId: string | undefined) {
  const scroller = useRef<HTMLDivElement>(null);
  const nearBottom = useRef(true);
  const previousHeight = useRef(0);
  const previousLast = useRef<string | undefined>(undefined);

  useLayoutEffect(() => {
    const node = scroller.current;
    if (!node || count === 0) return;
    const grewAtTop = previousLast.current === lastId && node.scrollHeight > previousHeight.current;
    if (previousLast.current === undefined || (previousLast.current !== lastId && nearBottom.current)) {
      node.scrollTop = node.scrollHeight;
    } else if (grewAtTop) {
      // Older messages were prepended: keep what the agent was reading in place.
      node.scrollTop += node.scrollHeight - previousHeight.current;
    }
    previousHeight.current = node.scrollHeight;
    previousLast.current = lastId;
  }, [count, lastId]);

  const onScroll = () => {
    const node = scroller.current;
    if (node) nearBottom.current = node.scrollHeight - node.scrollTop - node.clientHeight < 120;
  };
  return { scroller, onScroll };
}

export const ThreadView = forwardRef<
  ComposerHandle,
  { conversation: ConversationDetail; onBack: () => void; onTogglePanel: () => void; isPanelOpen: boolean }
>(function ThreadView({ conversation, onBack, onTogglePanel, isPanelOpen }, composerRef) {
  const now = useNow();
  const book = useNameBook();
  const nameOf = book.user;
  const me = useCurrentUser();
  const teams = useTeams();
  const teamName = (id: string) => {
    const team = teams.data?.find((t) => t.id === id);
    return team ? `team ${team.name}` : null;
  };
  const names: Names = {
    myId: me.id,
    user: nameOf,
    team: (id) => (id ? teamName(id) : null) ?? 'a team',
  };
  // Events this client has no sentence for keep their stored text, with names put on its ids.
  const systemText = (m: Message) =>
    activityText(m, names) ?? replaceIds(m.content, { user: book.find, team: teamName });
  const thread = useThreadMessages(conversation.id);
  useConversationRoom(conversation.id);
  useMarkRead(conversation);
  const typists = useTypists(conversation.id);
  // While the messages endpoint is unavailable, the detail's latest messages still show.
  const messages = thread.isError && conversation.messages ? conversation.messages : thread.messages;
  const { scroller, onScroll } = useStickToBottom(messages.length, messages.at(-1)?.id);
  const top = useRef<HTMLDivElement>(null);
  const fetchOlder = useRef(() => {});
  fetchOlder.current = () => {
    if (thread.hasNextPage && !thread.isFetchingNextPage) void thread.fetchNextPage();
  };

  useEffect(() => {
    const node = top.current;
    if (!node) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) fetchOlder.current();
      },
      { root: scroller.current, rootMargin: '150px' },
    );
    observer.observe(node);
    return () => observer.disconnect();
  }, [scroller]);

  const name = contactLabel(conversation);
  const typing = typingText(typists, nameOf);

  return (
    <section className="thread" aria-label={`Conversation with ${name}`}>
      <header className="thread__header">
        <button
          type="button"
          className="btn btn--ghost btn--icon thread__back"
          onClick={onBack}
          aria-label="Back to the list"
        >
          <Icon name="chevronLeft" />
        </button>
        <div className="thread__title">
          <h2>{name}</h2>
          <div className="thread__subtitle">
            <ChannelIcon type={conversation.channel_type} size={15} />
            <span>{channelLabels[conversation.channel_type]}</span>
            <span aria-hidden="true">·</span>
            <span>#{conversation.display_id}</span>
            {conversation.subject ? (
              <>
                <span aria-hidden="true">·</span>
                <span className="thread__subject">{conversation.subject}</span>
              </>
            ) : null}
          </div>
        </div>
        <span className={`badge ${statusBadge[conversation.status]}`}>
          {statusLabels[conversation.status]}
        </span>
        <StatusActions conversation={conversation} compact />
        <button
          type="button"
          className="btn btn--ghost btn--icon thread__panel-toggle"
          onClick={onTogglePanel}
          aria-pressed={isPanelOpen}
          aria-label="Conversation details"
          title="Conversation details"
        >
          <Icon name="panel" />
        </button>
      </header>
      <div className="thread__scroll" ref={scroller} onScroll={onScroll}>
        <div ref={top} className="thread__top">
          {thread.isFetchingNextPage ? (
            <Spinner label="Loading older messages" />
          ) : thread.hasNextPage ? (
            <button type="button" className="btn btn--sm btn--ghost" onClick={() => fetchOlder.current()}>
              Load older messages
            </button>
          ) : messages.length > 0 ? (
            <span className="muted small">Start of the conversation</span>
          ) : null}
        </div>
        {thread.isLoading ? (
          <div className="center-fill">
            <Spinner label="Loading messages" />
          </div>
        ) : thread.isError && !conversation.messages ? (
          <div style={{ padding: 16 }}>
            <ErrorAlert
              error={thread.error}
              title="Could not load the messages"
              onRetry={() => void thread.refetch()}
            />
          </div>
        ) : (
          <ol className="thread__messages" aria-label="Messages" aria-live="polite" aria-relevant="additions">
            {messages.map((m, i) => {
              const prev = messages[i - 1];
              const newDay =
                !prev || new Date(prev.created_at).toDateString() !== new Date(m.created_at).toDateString();
              return (
                <Fragment key={m.id}>
                  {newDay ? (
                    <li className="thread__day" aria-hidden="true">
                      <span>{dayLabel(m.created_at, now)}</span>
                    </li>
                  ) : null}
                  <MessageItem
                    message={m}
                    now={now}
                    authorName={m.sender_type === 'agent' && m.sender_id ? nameOf(m.sender_id) : null}
                    systemText={m.direction === 'system' || m.sender_type === 'system' ? systemText(m) : null}
                  />
                </Fragment>
              );
            })}
          </ol>
        )}
      </div>
      <div className="thread__typing" aria-live="polite">
        {typing ? (
          <>
            <span className="typing-dots" aria-hidden="true">
              <span />
              <span />
              <span />
            </span>
            {typing}
          </>
        ) : null}
      </div>
      <Composer key={conversation.id} ref={composerRef} conversation={conversation} />
    </section>
  );
});
