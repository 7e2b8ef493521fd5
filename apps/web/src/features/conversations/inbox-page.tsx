import { type RefObject, useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../../lib/api-error';
import { matchPath } from '../../lib/route-match';
import { navigate, useLocation } from '../../lib/router';
import { useMediaQuery } from '../../lib/use-media-query';
import { EmptyState, ErrorAlert, Loading } from '../../ui/states';
import { useToast } from '../../ui/toast';
import type { ComposerHandle } from '../composer/composer';
import type { ShortcutAction } from '../shortcuts/shortcut-map';
import { stepConversation } from '../shortcuts/shortcut-map';
import { useShortcuts } from '../shortcuts/use-shortcuts';
import { useTeams } from '../teams/use-teams';
import { ThreadView } from '../thread/thread-view';
import { ConversationList } from './conversation-list';
import { type InboxFilter, readFilter, writeFilter } from './list-filter';
import { useConversation } from './queries';
import { SidePanel } from './side-panel';
import { canTransition } from './status-transitions';
import { useConversationActions } from './use-conversation-actions';
import './inbox.css';

const PANEL_KEY = 'turumba.panel';

function Thread({
  id,
  composer,
  isPanelOpen,
  setPanelOpen,
  onBack,
}: {
  id: string;
  composer: RefObject<ComposerHandle | null>;
  isPanelOpen: boolean;
  setPanelOpen: (open: boolean) => void;
  onBack: () => void;
}) {
  const detail = useConversation(id);
  if (detail.isLoading) return <Loading label="Loading the conversation" />;
  if (detail.isError || !detail.data) {
    const missing = detail.error instanceof ApiError && detail.error.status === 404;
    return (
      <div className="thread thread--empty">
        {missing ? (
          <EmptyState icon="inbox" title="Conversation not found">
            It may belong to another account, or it was deleted.
          </EmptyState>
        ) : (
          <div style={{ padding: 24 }}>
            <ErrorAlert
              error={detail.error}
              title="Could not open the conversation"
              onRetry={() => void detail.refetch()}
            />
          </div>
        )}
      </div>
    );
  }
  return (
    <>
      <ThreadView
        key={id}
        ref={composer}
        conversation={detail.data}
        onBack={onBack}
        isPanelOpen={isPanelOpen}
        onTogglePanel={() => setPanelOpen(!isPanelOpen)}
      />
      {isPanelOpen ? <SidePanel conversation={detail.data} onClose={() => setPanelOpen(false)} /> : null}
    </>
  );
}

function useResolveShortcut(id: string | null) {
  const detail = useConversation(id);
  const { update } = useConversationActions(id ?? '');
  const toast = useToast();
  return () => {
    const c = detail.data;
    if (!c) return;
    if (canTransition(c.status, 'resolved')) update.mutate({ status: 'resolved' });
    else
      toast.info(
        c.status === 'resolved' ? 'Already resolved.' : 'Assign the conversation before resolving it.',
      );
  };
}

/** The inbox: list, thread and details side by side; stacked on narrow windows. */
export function InboxPage() {
  const { pathname, search } = useLocation();
  const selectedId = matchPath('/inbox/:id', pathname)?.id ?? null;
  const filter = readFilter(search);
  const teams = useTeams();
  const composer = useRef<ComposerHandle>(null);
  const searchInput = useRef<HTMLInputElement>(null);
  const rowIds = useRef<string[]>([]);
  // Wide windows keep the details column as the agent left it; narrower ones open it as an
  // overlay on demand only.
  const isWide = useMediaQuery('(min-width: 1181px)');
  const [isDocked, setDocked] = useState(() => localStorage.getItem(PANEL_KEY) !== 'closed');
  const [isOverlayOpen, setOverlayOpen] = useState(false);
  const isPanelOpen = isWide ? isDocked : isOverlayOpen;
  const resolve = useResolveShortcut(selectedId);

  const setPanelOpen = (open: boolean) => {
    if (!isWide) return setOverlayOpen(open);
    localStorage.setItem(PANEL_KEY, open ? 'open' : 'closed');
    setDocked(open);
  };

  const filterKey = writeFilter(filter);
  const onFilter = useCallback(
    (next: InboxFilter) => {
      const base = selectedId ? `/inbox/${selectedId}` : '/inbox';
      navigate(base + writeFilter(next), { replace: true });
    },
    [selectedId],
  );

  // The Team tab needs a team: default to the first one the agent can see.
  const firstTeam = teams.data?.[0]?.id;
  useEffect(() => {
    if (filter.tab === 'team' && !filter.teamId && firstTeam) onFilter({ ...filter, teamId: firstTeam });
  }, [filter, firstTeam, onFilter]);

  const onRows = useCallback((ids: string[]) => {
    rowIds.current = ids;
  }, []);

  useShortcuts((action: ShortcutAction) => {
    switch (action) {
      case 'next':
      case 'previous': {
        const id = stepConversation(rowIds.current, selectedId, action === 'next' ? 1 : -1);
        if (id && id !== selectedId) {
          navigate(`/inbox/${id}${filterKey}`);
          window.requestAnimationFrame(() =>
            document.querySelector(`[data-conversation-id="${id}"]`)?.scrollIntoView({ block: 'nearest' }),
          );
        }
        return;
      }
      case 'reply':
      case 'note':
        composer.current?.focus(action);
        return;
      case 'canned':
        composer.current?.openCanned();
        return;
      case 'resolve':
        resolve();
        return;
      case 'search':
        searchInput.current?.focus();
        return;
      case 'escape':
        (document.activeElement as HTMLElement | null)?.blur();
        return;
      default:
        return false;
    }
  });

  return (
    <div
      className={`inbox${selectedId ? ' inbox--thread-open' : ''}${isPanelOpen ? ' inbox--panel-open' : ''}`}
    >
      <ConversationList
        filter={filter}
        onFilter={onFilter}
        selectedId={selectedId}
        teams={teams.data}
        searchRef={searchInput}
        onRows={onRows}
      />
      {selectedId ? (
        <Thread
          id={selectedId}
          composer={composer}
          isPanelOpen={isPanelOpen}
          setPanelOpen={setPanelOpen}
          onBack={() => navigate(`/inbox${filterKey}`)}
        />
      ) : (
        <div className="thread thread--empty">
          <EmptyState icon="message" title="Pick a conversation">
            Choose one from the list, or press <kbd className="kbd">j</kbd> to open the first.
          </EmptyState>
        </div>
      )}
    </div>
  );
}
