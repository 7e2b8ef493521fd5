import type { Conversation } from '@turumba/contracts';
import type { Db } from '@turumba/platform/db';
import { enqueue } from '@turumba/platform/outbox';
import { assignmentNotification, queueAlert, routedEvent } from './events';
import type { RoutingContext } from './plan';

export interface Announcement {
  conversation: Conversation;
  routing: RoutingContext;
  trigger: 'message' | 'queue';
  agentId: string | null;
  /** Who held the conversation before (a reopened one's agent), and why it was assigned. */
  previousAssigneeId: string | null;
  reason: 'auto' | 'bot';
  queuePosition: number | null;
  autoAccept: boolean;
  /** Told when a high or urgent conversation has to wait. */
  supervisors: string[];
  at: Date;
}

const alertPriorities = new Set(['high', 'urgent']);

/**
 * The events of one routing, in its transaction: `conversation.routed` always; the agent's
 * assignment notification (asking to accept unless they auto-accept); and for a high or urgent
 * conversation that has to wait, the supervisors' alert. The queue's new positions
 * (`conversation.queue.updated`) are written after the commit by the queue snapshots
 * (queue/snapshots.ts), so joining a queue does not rank the whole queue under its lock.
 */
export async function announceRouting(tx: Db, a: Announcement): Promise<void> {
  const { conversation, routing, at } = a;
  await enqueue(
    tx,
    routedEvent(
      {
        conversation,
        trigger: a.trigger,
        outcome: routing.outcome,
        matched_rules: routing.matched_rules,
        team_id: conversation.team_id,
        strategy: routing.strategy,
        assignee_id: a.agentId,
        queue_position: a.queuePosition,
        language: routing.language,
      },
      at,
    ),
  );
  if (a.agentId) {
    const notice = {
      conversation,
      user_id: a.agentId,
      requires_acceptance: !a.autoAccept,
      previous_assignee_id: a.previousAssigneeId,
      reason: a.reason,
    };
    await enqueue(tx, assignmentNotification(notice, at));
  }
  if (routing.outcome !== 'queued' || a.queuePosition === null) return;
  if (alertPriorities.has(conversation.priority) && a.supervisors.length > 0) {
    await enqueue(tx, queueAlert(conversation, a.supervisors, a.queuePosition, at));
  }
}
