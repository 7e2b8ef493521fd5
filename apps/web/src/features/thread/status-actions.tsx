import type { ConversationStatus } from '@turumba/contracts';
import { useCurrentUser } from '../auth/auth-context';
import type { InboxConversation } from '../conversations/api';
import { canTransition, statusActions } from '../conversations/status-transitions';
import { useConversationActions } from '../conversations/use-conversation-actions';

const buttonClass = (to: ConversationStatus) =>
  to === 'resolved'
    ? 'btn btn--sm btn--success'
    : to === 'closed'
      ? 'btn btn--sm btn--danger'
      : 'btn btn--sm';

/**
 * Status buttons. Compact (the thread header) shows the one next step: take it, resolve it, or
 * reopen it; the side panel shows every allowed transition.
 */
export function StatusActions({
  conversation,
  compact = false,
}: {
  conversation: InboxConversation;
  compact?: boolean;
}) {
  const me = useCurrentUser();
  const { update, assign, isBusy } = useConversationActions(conversation.id);
  const isUnassignedActive =
    conversation.assignee_id === null && ['open', 'bot', 'pending'].includes(conversation.status);
  const take = (
    <button
      type="button"
      className="btn btn--sm btn--primary"
      disabled={isBusy}
      onClick={() => assign.mutate({ assignee_id: me.id })}
    >
      Assign to me
    </button>
  );
  if (compact) {
    if (isUnassignedActive && !canTransition(conversation.status, 'resolved')) return take;
    const next = statusActions(conversation.status).find((a) => a.to === 'resolved' || a.to === 'open');
    if (!next) return null;
    return (
      <button
        type="button"
        className={buttonClass(next.to)}
        disabled={isBusy}
        onClick={() => update.mutate({ status: next.to })}
      >
        {next.label}
      </button>
    );
  }
  return (
    <div className="status-actions">
      {isUnassignedActive ? take : null}
      {statusActions(conversation.status).map((action) => (
        <button
          key={action.to}
          type="button"
          className={buttonClass(action.to)}
          disabled={isBusy}
          onClick={() => update.mutate({ status: action.to })}
        >
          {action.label}
        </button>
      ))}
    </div>
  );
}
