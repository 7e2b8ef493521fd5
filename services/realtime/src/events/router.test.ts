import { randomUUID } from 'node:crypto';
import {
  AssignmentNotificationPayload,
  QueueAlertNotificationPayload,
  QueueUpdatePayload,
} from '@turumba/contracts';
import { describe, expect, it } from 'vitest';
import { conversationFixture, envelopeFixture, messageFixture } from '../testing/fixtures';
import type { Delivery } from './delivery';
import { routeEvent } from './router';

const account = randomUUID();
const assignee = randomUUID();
const visitorId = 'visitor-7';
const chat = conversationFixture({ account_id: account });
const web = conversationFixture({
  account_id: account,
  channel_type: 'webchat',
  contact_identifier: visitorId,
});
const A = `account:${account}`;
const C = `conv:${chat.id}`;
const W = `conv:${web.id}`;
const V = `visitor:${web.channel_id}:${visitorId}`;
const changes = { status: { from: 'open', to: 'resolved' } };
const statusData = (conversationId: string) => ({
  message_id: randomUUID(),
  conversation_id: conversationId,
  status: 'delivered',
  provider_message_id: 'p1',
  error: null,
  occurred_at: '2026-11-25T10:00:00.000Z',
});
const assignedData = (conversation = chat) => ({
  conversation,
  assignee_id: assignee,
  previous_assignee_id: null,
  team_id: null,
  assigned_by: randomUUID(),
  reason: 'manual',
});
const supervisors = [randomUUID(), randomUUID()];
const routedData = {
  conversation: chat,
  trigger: 'message',
  outcome: 'queued',
  matched_rules: [{ id: randomUUID(), name: 'Billing' }],
  team_id: null,
  strategy: 'least_busy',
  assignee_id: null,
  queue_position: 2,
  language: 'en',
};
const queueData = {
  total: 1,
  entries: [
    {
      conversation_id: chat.id,
      display_id: 1,
      team_id: null,
      priority: 'high',
      queued_at: '2026-11-25T10:00:00.000Z',
      position: 1,
      account_position: 1,
    },
  ],
};
const routingNotice = {
  conversation: { ...chat, assignee_id: assignee, status: 'assigned' },
  user_id: assignee,
  requires_acceptance: true,
  previous_assignee_id: null,
  reason: 'bot',
};
const alertData = { conversation: chat, user_ids: supervisors, position: 4 };

/** `namespace event → rooms` of each delivery, the shape the table speaks. */
const summary = (deliveries: Delivery[]) =>
  deliveries.map(
    (d) => `${d.namespace} ${d.event} → ${d.rooms.join(' ')}${d.ephemeral ? ' (ephemeral)' : ''}`,
  );

const cases: Array<[string, string, unknown, string[]]> = [
  [
    'conversation.created',
    'conversation.created',
    { conversation: chat },
    [`/agents conversation:new → ${A}`],
  ],
  [
    'conversation.updated',
    'conversation.updated',
    { conversation: chat, changes: { labels: { from: [], to: ['vip'] } }, actor_id: null },
    [`/agents conversation:updated → ${A} ${C}`],
  ],
  [
    'conversation.status_changed (non-webchat)',
    'conversation.status_changed',
    { conversation: chat, changes, actor_id: null },
    [`/agents conversation:updated → ${A} ${C}`],
  ],
  [
    'conversation.resolved (webchat: the visitor learns the status)',
    'conversation.resolved',
    { conversation: web, changes, actor_id: null },
    [`/agents conversation:updated → ${A} ${W}`, `/customers conversation:updated → ${V} ${W}`],
  ],
  [
    'conversation.assigned',
    'conversation.assigned',
    assignedData(),
    [`/agents conversation:updated → ${A} ${C}`, `/agents notification:assignment → user:${assignee}`],
  ],
  [
    'conversation.assigned by routing (its own notification event tells the agent)',
    'conversation.assigned',
    { ...assignedData(), assigned_by: null, reason: 'bot' },
    [`/agents conversation:updated → ${A} ${C}`],
  ],
  [
    'conversation.assigned to nobody',
    'conversation.assigned',
    { ...assignedData(), assignee_id: null, previous_assignee_id: assignee },
    [`/agents conversation:updated → ${A} ${C}`],
  ],
  ['conversation.routed', 'conversation.routed', routedData, [`/agents conversation:updated → ${A} ${C}`]],
  [
    'conversation.notification.assignment',
    'conversation.notification.assignment',
    routingNotice,
    [`/agents notification:assignment → user:${assignee}`],
  ],
  [
    'conversation.notification.queue_alert',
    'conversation.notification.queue_alert',
    alertData,
    [`/agents notification:queue_alert → user:${supervisors[0]} user:${supervisors[1]}`],
  ],
  [
    'conversation.notification.queue_alert to nobody',
    'conversation.notification.queue_alert',
    { ...alertData, user_ids: [] },
    [],
  ],
  [
    'conversation.message.created (telegram)',
    'conversation.message.created',
    { message: messageFixture(chat), conversation: chat, is_new_conversation: false },
    [`/agents conversation:message → ${C}`, `/agents conversation:updated → ${A}`],
  ],
  [
    'conversation.message.created (webchat reply)',
    'conversation.message.created',
    { message: messageFixture(web), conversation: web, is_new_conversation: false },
    [
      `/agents conversation:message → ${W}`,
      `/agents conversation:updated → ${A}`,
      `/customers conversation:message → ${V} ${W}`,
    ],
  ],
  [
    'conversation.message.created (webchat private note)',
    'conversation.message.created',
    { message: messageFixture(web, { is_private: true }), conversation: web, is_new_conversation: false },
    [`/agents conversation:message → ${W}`, `/agents conversation:updated → ${A}`],
  ],
  [
    'conversation.message.created (webchat system message)',
    'conversation.message.created',
    { message: messageFixture(web, { direction: 'system' }), conversation: web, is_new_conversation: false },
    [`/agents conversation:message → ${W}`, `/agents conversation:updated → ${A}`],
  ],
  [
    'conversation.message.status',
    'conversation.message.status',
    statusData(chat.id),
    [`/agents conversation:message:status → ${C}`],
  ],
  [
    'conversation.message.sent',
    'conversation.message.sent',
    statusData(chat.id),
    [`/agents conversation:message:status → ${C}`],
  ],
  [
    'agent.presence.changed',
    'agent.presence.changed',
    { user_id: assignee, account_ids: [account], status: 'away' },
    [`/agents agent:presence → ${A}`],
  ],
  ['conversation.queue.updated', 'conversation.queue.updated', queueData, [`/agents queue:update → ${A}`]],
  [
    'conversation.typing (a contact)',
    'conversation.typing',
    { conversation_id: chat.id },
    [`/agents conversation:typing → ${C} (ephemeral)`],
  ],
  [
    'conversation.typing (an agent, webchat)',
    'conversation.typing',
    {
      conversation_id: web.id,
      user_id: assignee,
      sender_type: 'agent',
      channel_id: web.channel_id,
      visitor_id: visitorId,
    },
    [
      `/agents conversation:typing → ${W} (ephemeral)`,
      `/customers conversation:typing → ${V} ${W} (ephemeral)`,
    ],
  ],
  ['agent.preference.updated (not pushed)', 'agent.preference.updated', { user_id: assignee }, []],
  ['contact.created (not pushed)', 'contact.created', {}, []],
];

describe('event router', () => {
  it.each(cases)('routes %s', (_name, type, data, expected) => {
    const result = routeEvent(envelopeFixture(type, account, data));
    expect(result.ok && summary(result.deliveries)).toEqual(expected);
  });

  it('never sends a private note to /customers', () => {
    const note = messageFixture(web, { is_private: true, content: 'internal: refund approved' });
    const result = routeEvent(
      envelopeFixture('conversation.message.created', account, {
        message: note,
        conversation: web,
        is_new_conversation: false,
      }),
    );
    expect(result.ok && result.deliveries.filter((d) => d.namespace === '/customers')).toEqual([]);
  });

  it('gives the visitor only the public fields of a message', () => {
    const message = messageFixture(web, { metadata: { internal: 1 }, sender_id: assignee });
    const result = routeEvent(
      envelopeFixture('conversation.message.created', account, {
        message,
        conversation: web,
        is_new_conversation: false,
      }),
    );
    const toVisitor = result.ok ? result.deliveries.find((d) => d.namespace === '/customers') : undefined;
    expect(Object.keys((toVisitor?.payload.message ?? {}) as object).sort()).toEqual([
      'attachments',
      'content',
      'conversation_id',
      'created_at',
      'direction',
      'id',
      'reply_to_message_id',
      'sender_type',
      'status',
    ]);
  });

  it('stamps every payload with the envelope id, account and time', () => {
    const envelope = envelopeFixture('conversation.created', account, { conversation: chat });
    const result = routeEvent(envelope);
    expect(result.ok && result.deliveries[0]?.payload).toMatchObject({
      event_id: envelope.event_id,
      account_id: account,
      occurred_at: envelope.occurred_at,
      conversation: chat,
    });
  });

  const payloadOf = (type: string, data: unknown) => {
    const result = routeEvent(envelopeFixture(type, account, data));
    return result.ok ? { ...result.deliveries[0]?.payload, seq: 1 } : undefined;
  };

  it("tells the agent routing chose as a person's assignment would, and whether to accept", () => {
    const payload = AssignmentNotificationPayload.parse(
      payloadOf('conversation.notification.assignment', routingNotice),
    );
    expect(payload).toMatchObject({
      assignee_id: assignee,
      assigned_by: null,
      reason: 'bot',
      requires_acceptance: true,
      conversation: { id: chat.id, assignee_id: assignee },
    });
  });

  it('gives the account the queue with its positions, and supervisors where the conversation waits', () => {
    const queue = QueueUpdatePayload.parse(payloadOf('conversation.queue.updated', queueData));
    expect(queue.queue).toEqual(queueData);
    const alert = QueueAlertNotificationPayload.parse(
      payloadOf('conversation.notification.queue_alert', alertData),
    );
    expect(alert).toMatchObject({ position: 4, conversation: { id: chat.id } });
    expect(alert).not.toHaveProperty('user_ids');
  });

  it.each([
    [
      'data of another account',
      envelopeFixture('conversation.created', randomUUID(), { conversation: chat }),
    ],
    ['no account', envelopeFixture('conversation.created', null, { conversation: chat })],
    [
      'data not matching the contract',
      envelopeFixture('conversation.created', account, { conversation: { id: 1 } }),
    ],
    [
      'a queue alert about a conversation of another account',
      envelopeFixture('conversation.notification.queue_alert', account, {
        ...alertData,
        conversation: conversationFixture(),
      }),
    ],
    [
      'an assignment notification about a conversation of another account',
      envelopeFixture('conversation.notification.assignment', account, {
        ...routingNotice,
        conversation: conversationFixture(),
      }),
    ],
    [
      'a queue update not matching the contract',
      envelopeFixture('conversation.queue.updated', account, { waiting: 3 }),
    ],
    [
      'a message of another account than its conversation',
      envelopeFixture('conversation.message.created', account, {
        message: messageFixture(conversationFixture()),
        conversation: chat,
        is_new_conversation: false,
      }),
    ],
  ])('refuses an event with %s', (_name, envelope) => {
    expect(routeEvent(envelope).ok).toBe(false);
  });
});
