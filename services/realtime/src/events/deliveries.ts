import {
  type Conversation,
  type ConversationAssignedData,
  type ConversationChangedData,
  type ConversationEventData,
  type Message,
  type MessageCreatedData,
  type MessageStatusData,
  ServerEvent,
  SocketNamespace,
} from '@turumba/contracts';
import type { z } from 'zod';
import { rooms } from '../rooms';
import type { Delivery, EventMeta } from './delivery';

/* The builders of routeEvent (router.ts): one per kind of event, pure. */

type Meta = EventMeta;
type Data<T extends z.ZodType> = z.infer<T>;

const { agents, customers } = SocketNamespace;

const inbox = (conversation: Conversation) => [
  rooms.account(conversation.account_id),
  rooms.conversation(conversation.id),
];

/** The visitor's rooms on `/customers`, for webchat conversations only. */
function visitorRooms(conversation: Conversation): string[] | undefined {
  if (conversation.channel_type !== 'webchat') return undefined;
  return [
    rooms.visitor(conversation.channel_id, conversation.contact_identifier),
    rooms.conversation(conversation.id),
  ];
}

function updated(meta: Meta, type: string, conversation: Conversation, changes: unknown): Delivery {
  return {
    namespace: agents,
    rooms: inbox(conversation),
    event: ServerEvent.conversationUpdated,
    payload: { ...meta, event_type: type, conversation, changes },
  };
}

/** The visitor learns the status only (resolved, reopened), nothing about agents or teams. */
function statusToVisitor(meta: Meta, conversation: Conversation): Delivery[] {
  const target = visitorRooms(conversation);
  if (!target) return [];
  const payload = { ...meta, conversation_id: conversation.id, status: conversation.status };
  return [{ namespace: customers, rooms: target, event: ServerEvent.conversationUpdated, payload }];
}

export function created(meta: Meta, data: Data<typeof ConversationEventData>): Delivery[] {
  const { conversation } = data;
  const payload = { ...meta, conversation };
  const room = rooms.account(conversation.account_id);
  return [{ namespace: agents, rooms: [room], event: ServerEvent.conversationNew, payload }];
}

export function changed(meta: Meta, data: Data<typeof ConversationChangedData>, type: string): Delivery[] {
  const deliveries = [updated(meta, type, data.conversation, data.changes)];
  if ('status' in data.changes) deliveries.push(...statusToVisitor(meta, data.conversation));
  return deliveries;
}

export function routed(meta: Meta, data: Data<typeof ConversationEventData>, type: string): Delivery[] {
  return [updated(meta, type, data.conversation, null)];
}

export function assigned(meta: Meta, data: Data<typeof ConversationAssignedData>, type: string): Delivery[] {
  const changes = { assignee_id: { from: data.previous_assignee_id, to: data.assignee_id } };
  const deliveries = [updated(meta, type, data.conversation, changes)];
  if (data.assignee_id) {
    const { conversation, assignee_id, previous_assignee_id, assigned_by, reason } = data;
    deliveries.push({
      namespace: agents,
      rooms: [rooms.user(assignee_id)],
      event: ServerEvent.notificationAssignment,
      payload: { ...meta, conversation, assignee_id, previous_assignee_id, assigned_by, reason },
    });
  }
  return deliveries;
}

/**
 * Agents in the conversation get the message; the inbox lists get the conversation's new preview.
 * A private note never goes to `/customers`; nor do system messages.
 */
export function messageCreated(meta: Meta, data: Data<typeof MessageCreatedData>, type: string): Delivery[] {
  const { message, conversation } = data;
  const deliveries: Delivery[] = [
    {
      namespace: agents,
      rooms: [rooms.conversation(conversation.id)],
      event: ServerEvent.conversationMessage,
      payload: { ...meta, conversation_id: conversation.id, message },
    },
    {
      namespace: agents,
      rooms: [rooms.account(conversation.account_id)],
      event: ServerEvent.conversationUpdated,
      payload: { ...meta, event_type: type, conversation, changes: null },
    },
  ];
  const target = visitorRooms(conversation);
  if (target && !message.is_private && message.direction !== 'system') {
    const payload = { ...meta, conversation_id: conversation.id, message: forVisitor(message) };
    deliveries.push({ namespace: customers, rooms: target, event: ServerEvent.conversationMessage, payload });
  }
  return deliveries;
}

function forVisitor(message: Message) {
  const { id, conversation_id, direction, sender_type, content, attachments, status } = message;
  const { reply_to_message_id, created_at } = message;
  return {
    id,
    conversation_id,
    direction,
    sender_type,
    content,
    attachments,
    status,
    reply_to_message_id,
    created_at,
  };
}

export function messageStatus(meta: Meta, data: Data<typeof MessageStatusData>): Delivery[] {
  const { conversation_id, message_id, status, error } = data;
  return [
    {
      namespace: agents,
      rooms: [rooms.conversation(conversation_id)],
      event: ServerEvent.conversationMessageStatus,
      payload: { ...meta, conversation_id, message_id, status, error },
    },
  ];
}
