import { randomUUID } from 'node:crypto';
import type { Conversation, EventEnvelope, Message } from '@turumba/contracts';

/* Valid contract objects for tests and benchmarks; override what matters. */

const at = '2026-11-25T10:00:00.000Z';

export function conversationFixture(overrides: Partial<Conversation> = {}): Conversation {
  return {
    id: randomUUID(),
    account_id: randomUUID(),
    display_id: 1,
    channel_id: randomUUID(),
    channel_type: 'telegram',
    contact_id: randomUUID(),
    contact_identifier: '12345',
    contact_name: 'Abebe',
    assignee_id: null,
    team_id: null,
    status: 'open',
    priority: 'normal',
    subject: null,
    labels: [],
    first_reply_at: null,
    resolved_at: null,
    last_message_at: at,
    last_inbound_at: at,
    last_message_preview: 'hello',
    queued_at: null,
    waiting_since: null,
    bot_context: null,
    metadata: {},
    created_at: at,
    updated_at: at,
    ...overrides,
  };
}

export function messageFixture(conversation: Conversation, overrides: Partial<Message> = {}): Message {
  return {
    id: randomUUID(),
    account_id: conversation.account_id,
    conversation_id: conversation.id,
    channel_id: conversation.channel_id,
    direction: 'outbound',
    sender_type: 'agent',
    sender_id: randomUUID(),
    content: 'Hi, how can I help?',
    is_private: false,
    status: 'queued',
    provider_message_id: null,
    attachments: [],
    error: null,
    metadata: {},
    reply_to_message_id: null,
    sent_at: null,
    delivered_at: null,
    read_at: null,
    created_at: at,
    updated_at: at,
    ...overrides,
  };
}

export function envelopeFixture(eventType: string, accountId: string | null, data: unknown): EventEnvelope {
  return {
    event_id: randomUUID(),
    event_type: eventType,
    version: 1,
    occurred_at: at,
    account_id: accountId,
    aggregate_type: eventType.split('.')[0] ?? 'conversation',
    aggregate_id: randomUUID(),
    data: data as Record<string, unknown>,
  };
}
