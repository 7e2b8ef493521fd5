import {
  type AssignmentNotificationData,
  type ConversationAssignedData,
  type QueueAlertData,
  type QueueUpdatedData,
  RoutingServerEvent,
  ServerEvent,
  SocketNamespace,
} from '@turumba/contracts';
import type { z } from 'zod';
import { rooms } from '../rooms';
import { assigned } from './deliveries';
import type { Delivery, EventMeta as Meta } from './delivery';

/* The builders of routeEvent (router.ts) for bot routing's events (contracts/routing-events.ts). */

const { agents } = SocketNamespace;

/** `queue:update` to the account: the head of its waiting queue with positions, and its length. */
export function queueUpdated(meta: Meta, data: QueueUpdatedData): Delivery[] {
  const payload = { ...meta, queue: data };
  return [
    { namespace: agents, rooms: [rooms.account(meta.account_id)], event: ServerEvent.queueUpdate, payload },
  ];
}

/**
 * `notification:assignment` to the agent routing chose, shaped like a person's assignment (so a
 * client handles both alike) plus `requires_acceptance`.
 */
export function routingAssignment(meta: Meta, data: AssignmentNotificationData): Delivery[] {
  const { conversation, user_id, previous_assignee_id, reason, requires_acceptance } = data;
  const payload = {
    ...meta,
    conversation,
    assignee_id: user_id,
    previous_assignee_id,
    assigned_by: null,
    reason,
    requires_acceptance,
  };
  const event = ServerEvent.notificationAssignment;
  return [{ namespace: agents, rooms: [rooms.user(user_id)], event, payload }];
}

/** `notification:queue_alert` to each alerted supervisor's room (who else was alerted is not said). */
export function queueAlert(meta: Meta, data: QueueAlertData): Delivery[] {
  if (data.user_ids.length === 0) return [];
  const payload = { ...meta, conversation: data.conversation, position: data.position };
  const targets = [...new Set(data.user_ids)].map(rooms.user);
  return [{ namespace: agents, rooms: targets, event: RoutingServerEvent.notificationQueueAlert, payload }];
}

/**
 * `conversation.assigned`: routing's own assignments (`auto`, `bot`) are announced to the agent
 * by `conversation.notification.assignment`, written in the same transaction, so here only a
 * person's assignment notifies, and an agent never gets two notifications for one assignment.
 */
export function assignedOnce(
  meta: Meta,
  data: z.infer<typeof ConversationAssignedData>,
  type: string,
): Delivery[] {
  const deliveries = assigned(meta, data, type);
  if (data.reason === 'manual') return deliveries;
  return deliveries.filter((d) => d.event !== ServerEvent.notificationAssignment);
}
