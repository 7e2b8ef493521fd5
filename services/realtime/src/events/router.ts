import {
  AgentPresenceChangedData,
  AssignmentNotificationData,
  ConversationAssignedData,
  ConversationChangedData,
  ConversationEventData,
  ConversationRoutedData,
  type EventEnvelope,
  MessageCreatedData,
  MessageStatusData,
  QueueAlertData,
  QueueUpdatedData,
} from '@turumba/contracts';
import type { z } from 'zod';
import { presence, typing } from './account-deliveries';
import { changed, created, messageCreated, messageStatus, routed } from './deliveries';
import type { Delivery, EventMeta as Meta, RouteResult } from './delivery';
import { assignedOnce, queueAlert, queueUpdated, routingAssignment } from './routing-deliveries';
import { TypingEventData } from './typing-event';

/** How each routing key is read and turned into emits (spec §3's table). */
const routes: Record<
  string,
  { data: z.ZodType; build: (meta: Meta, data: never, type: string) => Delivery[] }
> = {
  'conversation.created': { data: ConversationEventData, build: created },
  'conversation.updated': { data: ConversationChangedData, build: changed },
  'conversation.status_changed': { data: ConversationChangedData, build: changed },
  'conversation.resolved': { data: ConversationChangedData, build: changed },
  'conversation.assigned': { data: ConversationAssignedData, build: assignedOnce },
  // The routed conversation as it now stands (bot_context.routing, queued_at) for the inbox lists.
  'conversation.routed': { data: ConversationRoutedData, build: routed },
  'conversation.message.created': { data: MessageCreatedData, build: messageCreated },
  'conversation.message.status': { data: MessageStatusData, build: messageStatus },
  'conversation.message.sent': { data: MessageStatusData, build: messageStatus },
  'conversation.queue.updated': { data: QueueUpdatedData, build: queueUpdated },
  'conversation.notification.assignment': { data: AssignmentNotificationData, build: routingAssignment },
  'conversation.notification.queue_alert': { data: QueueAlertData, build: queueAlert },
  'conversation.typing': { data: TypingEventData, build: typing },
  'agent.presence.changed': { data: AgentPresenceChangedData, build: presence },
};

/**
 * Which sockets a domain event reaches: a pure function of the envelope. Every room is derived
 * from the envelope's `account_id` or from ids inside `data` that must belong to that account,
 * so an event can never reach another tenant's rooms. Unknown keys (agent.preference.updated,
 * contact.*) route nowhere.
 */
export function routeEvent(envelope: EventEnvelope): RouteResult {
  const route = routes[envelope.event_type];
  if (!route) return { ok: true, accountId: envelope.account_id ?? '', deliveries: [] };
  if (!envelope.account_id) return { ok: false, reason: `${envelope.event_type} without account_id` };
  const parsed = route.data.safeParse(envelope.data);
  if (!parsed.success) return { ok: false, reason: `${envelope.event_type}: ${parsed.error.message}` };
  const owner = accountOf(parsed.data);
  if (owner && owner !== envelope.account_id) {
    return { ok: false, reason: `${envelope.event_type}: data belongs to another account` };
  }
  const meta = {
    event_id: envelope.event_id,
    account_id: envelope.account_id,
    occurred_at: envelope.occurred_at,
  };
  return {
    ok: true,
    accountId: envelope.account_id,
    deliveries: route.build(meta, parsed.data as never, envelope.event_type),
  };
}

/** The account a payload's conversation or message says it belongs to, if it carries one. */
function accountOf(data: unknown): string | undefined {
  const value = data as { conversation?: { account_id?: string }; message?: { account_id?: string } };
  const conversationAccount = value.conversation?.account_id;
  const messageAccount = value.message?.account_id;
  if (conversationAccount && messageAccount && conversationAccount !== messageAccount) return '(mismatch)';
  return conversationAccount ?? messageAccount;
}
