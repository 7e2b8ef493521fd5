import { type AgentPresenceChangedData, ServerEvent, SocketNamespace } from '@turumba/contracts';
import type { z } from 'zod';
import { rooms } from '../rooms';
import type { Delivery, EventMeta as Meta } from './delivery';
import type { TypingEventData } from './typing-event';

/* The builders of routeEvent (router.ts) for account-wide and ephemeral events. */

const { agents, customers } = SocketNamespace;

export function presence(meta: Meta, data: z.infer<typeof AgentPresenceChangedData>): Delivery[] {
  const payload = { ...meta, user_id: data.user_id, status: data.status };
  return [
    { namespace: agents, rooms: [rooms.account(meta.account_id)], event: ServerEvent.agentPresence, payload },
  ];
}

export function typing(_meta: Meta, data: TypingEventData): Delivery[] {
  const { conversation_id, user_id, sender_type, is_typing } = data;
  const payload = { conversation_id, user_id, sender_type, is_typing };
  const event = ServerEvent.conversationTyping;
  const deliveries: Delivery[] = [
    { namespace: agents, rooms: [rooms.conversation(conversation_id)], event, payload, ephemeral: true },
  ];
  if (data.channel_id && data.visitor_id && sender_type === 'agent') {
    const target = [rooms.visitor(data.channel_id, data.visitor_id), rooms.conversation(conversation_id)];
    const visible = { ...payload, user_id: null };
    deliveries.push({ namespace: customers, rooms: target, event, payload: visible, ephemeral: true });
  }
  return deliveries;
}
