import type { Db } from '@turumba/platform/db';
import { enqueueAll } from '@turumba/platform/outbox';
import { createAssignmentStore } from '../assignments/service';
import { toMessageDto } from '../messages/dto';
import { createMessageStore, type NewMessageRow } from '../messages/service';
import type { ModuleDeps } from '../module-deps';
import { type Activity, describeChanges } from './activity';
import { toConversationDto } from './dto';
import { changeEvents, messageCreatedEvent } from './events';
import { type Actor, planUpdate, type UpdateRequest } from './plan-update';
import { type ConversationRow, conversationRepo } from './repo';

export type Reason = 'manual' | 'auto' | 'bot';

/** A system line of the thread; `at` keeps the lines of one change in order. */
export function activityMessage(
  row: ConversationRow,
  activity: Activity,
  id: string,
  at: Date,
): NewMessageRow {
  return {
    id,
    accountId: row.accountId,
    conversationId: row.id,
    channelId: row.channelId,
    direction: 'system',
    senderType: 'system',
    senderId: activity.metadata.actor_id,
    content: activity.content,
    // Agents' eyes only: the customer side never shows activity lines.
    isPrivate: true,
    status: 'sent',
    metadata: activity.metadata,
    sentAt: at,
    createdAt: at,
    updatedAt: at,
  };
}

/**
 * Applies one update to a conversation the caller has locked (`SELECT ... FOR UPDATE`): the row,
 * the assignment history, the thread's activity lines and the events, all in `tx`. Returns the
 * row and the first free instant after the lines it wrote (for whatever the caller writes next).
 */
export async function applyUpdate(
  tx: Db,
  deps: Pick<ModuleDeps, 'ids'>,
  current: ConversationRow,
  request: UpdateRequest,
  actor: Actor,
  now: Date,
  reason: Reason = 'manual',
): Promise<{ row: ConversationRow; nextAt: Date }> {
  const plan = planUpdate(current, request, actor, now);
  if (Object.keys(plan.changes).length === 0) return { row: current, nextAt: now };
  const row = await conversationRepo(tx).update(current.accountId, current.id, {
    ...plan.patch,
    updatedAt: now,
  });
  if (plan.isHolderChanged || plan.isClosing) {
    await createAssignmentStore(tx, deps.ids).handOver({
      accountId: row.accountId,
      conversationId: row.id,
      assigneeId: row.assigneeId,
      teamId: row.teamId,
      assignedBy: actor.userId,
      reason,
      at: now,
      isClosing: plan.isClosing,
    });
  }
  const activities = describeChanges(plan.changes, actor.userId);
  const at = (i: number) => new Date(now.getTime() + i);
  const lines = activities.length
    ? await createMessageStore(tx).insert(
        activities.map((a, i) => activityMessage(row, a, deps.ids(), at(i))),
      )
    : [];
  const dto = toConversationDto(row);
  const assignment = plan.isHolderChanged
    ? {
        assigneeId: row.assigneeId,
        previousAssigneeId: current.assigneeId,
        teamId: row.teamId,
        assignedBy: actor.userId,
        reason,
      }
    : null;
  await enqueueAll(tx, [
    ...changeEvents(dto, plan.changes, actor.userId, assignment, now),
    ...lines.map((line) => messageCreatedEvent(toMessageDto(line), dto, now)),
  ]);
  return { row, nextAt: at(lines.length) };
}
