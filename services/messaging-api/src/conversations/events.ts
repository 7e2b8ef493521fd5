import type { Conversation, Message } from '@turumba/contracts';
import type { NewEvent } from '@turumba/platform/outbox';
import type { Changes } from './activity';

/** Event payloads of ARCHITECTURE.md §6 (data shapes in contracts/messaging-events.ts). */
function event(type: string, conversation: Conversation, data: Record<string, unknown>, at: Date): NewEvent {
  return {
    event_type: type,
    account_id: conversation.account_id,
    aggregate_type: 'conversation',
    aggregate_id: conversation.id,
    data: { conversation, ...data },
    occurred_at: at,
  };
}

export function conversationCreatedEvent(conversation: Conversation, at: Date): NewEvent {
  return event('conversation.created', conversation, {}, at);
}

export interface AssignmentFacts {
  assigneeId: string | null;
  previousAssigneeId: string | null;
  teamId: string | null;
  assignedBy: string | null;
  reason: 'manual' | 'auto' | 'bot';
}

/** What one committed change announces: updated always, plus status/resolved/assigned when they apply. */
export function changeEvents(
  conversation: Conversation,
  changes: Changes,
  actorId: string | null,
  assignment: AssignmentFacts | null,
  at: Date,
): NewEvent[] {
  const changed = (subset: Changes) => ({ changes: subset, actor_id: actorId });
  const events = [event('conversation.updated', conversation, changed(changes), at)];
  const status = changes.status;
  if (status) {
    events.push(event('conversation.status_changed', conversation, changed({ status }), at));
    if (status.to === 'resolved')
      events.push(event('conversation.resolved', conversation, changed({ status }), at));
  }
  if (assignment) {
    events.push(
      event(
        'conversation.assigned',
        conversation,
        {
          assignee_id: assignment.assigneeId,
          previous_assignee_id: assignment.previousAssigneeId,
          team_id: assignment.teamId,
          assigned_by: assignment.assignedBy,
          reason: assignment.reason,
        },
        at,
      ),
    );
  }
  return events;
}

export function messageCreatedEvent(message: Message, conversation: Conversation, at: Date): NewEvent {
  return event('conversation.message.created', conversation, { message, is_new_conversation: false }, at);
}
