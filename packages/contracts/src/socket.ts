import { z } from 'zod';
import { Conversation, ConversationStatus } from './conversations';
import { Message, MessageStatus } from './messages';
import { QueueUpdatedData } from './routing-events';

/*
 * Socket.IO contract between the Realtime service and the web app (ARCHITECTURE.md §8, spec §3).
 * Clients connect with `path: '/ws'`; agents to `/agents` with `auth: {token: <JWT>}`, widget
 * visitors to `/customers` with `auth: {token: <visitor session token>}`. Every client event takes
 * an acknowledgement callback answered with `SocketAck`.
 */

export const SocketNamespace = { agents: '/agents', customers: '/customers' } as const;

export const ClientEvent = {
  conversationJoin: 'conversation:join',
  conversationLeave: 'conversation:leave',
  typingStart: 'conversation:typing:start',
  typingStop: 'conversation:typing:stop',
  agentStatus: 'agent:status',
  sync: 'sync',
  messageSend: 'message:send',
} as const;

export const ServerEvent = {
  conversationNew: 'conversation:new',
  conversationUpdated: 'conversation:updated',
  conversationMessage: 'conversation:message',
  conversationMessageStatus: 'conversation:message:status',
  conversationTyping: 'conversation:typing',
  agentPresence: 'agent:presence',
  notificationAssignment: 'notification:assignment',
  queueUpdate: 'queue:update',
  sessionReady: 'session:ready',
  presenceSnapshot: 'presence:snapshot',
} as const;

/**
 * Server events the web app does not listen to yet. They are kept out of `ServerEvent` because
 * the web app restates that object with `satisfies`, which a new key would break; move them in
 * once it handles them.
 */
export const RoutingServerEvent = {
  /** A high or urgent conversation has to wait (the team's supervisors' user rooms). */
  notificationQueueAlert: 'notification:queue_alert',
} as const;

export type ServerEventName =
  | (typeof ServerEvent)[keyof typeof ServerEvent]
  | (typeof RoutingServerEvent)[keyof typeof RoutingServerEvent];

// ---- client → server ----

/** `conversation:join|leave`, `conversation:typing:start|stop` */
export const ConversationRef = z.strictObject({ conversation_id: z.uuid() });
export type ConversationRef = z.infer<typeof ConversationRef>;

export const AgentStatus = z.enum(['online', 'away', 'offline']);
export type AgentStatus = z.infer<typeof AgentStatus>;

/** `agent:status` */
export const AgentStatusRequest = z.strictObject({ status: AgentStatus });

/** `sync`: replay every event of the account after `after_seq` (the last `seq` the client saw). */
export const SyncRequest = z.strictObject({
  account_id: z.uuid(),
  after_seq: z.number().int().nonnegative(),
});
export type SyncRequest = z.infer<typeof SyncRequest>;

/** `message:send` on `/customers`: a visitor's message, forwarded to the Messaging API. */
export const VisitorMessageSend = z.strictObject({
  /** Chosen by the widget per message, so a retried send is recognised. */
  message_id: z.string().min(1).max(200),
  text: z.string().max(10_000).default(''),
  attachments: z
    .array(
      z.strictObject({
        type: z.enum(['image', 'video', 'audio', 'voice', 'document', 'other']),
        url: z.url(),
        mime_type: z.string().max(200).optional(),
        file_name: z.string().max(500).optional(),
        size: z.number().int().nonnegative().optional(),
      }),
    )
    .max(10)
    .default([]),
  reply_to_message_id: z.string().max(200).optional(),
});
export type VisitorMessageSend = z.infer<typeof VisitorMessageSend>;

export const SocketErrorCode = z.enum([
  'validation_error',
  'not_found',
  'unauthorized',
  'rate_limited',
  'too_many_rooms',
  'unknown_event',
  'service_unavailable',
  'internal_error',
]);
export type SocketErrorCode = z.infer<typeof SocketErrorCode>;

export const SocketError = z.object({ ok: z.literal(false), error: SocketErrorCode, message: z.string() });
export type SocketError = z.infer<typeof SocketError>;

/** Every acknowledgement: `{ok: true, ...result}` or `SocketError`. */
export const SocketAck = z.union([z.looseObject({ ok: z.literal(true) }), SocketError]);
export type SocketAck = z.infer<typeof SocketAck>;

/** One replayed event: what would have been pushed, with its `seq` in the payload. */
export const SyncedEvent = z.object({ event: z.string(), payload: z.record(z.string(), z.unknown()) });

/**
 * Ack of `sync`: the missed events, oldest first, for the client to apply as if pushed (they are
 * returned rather than emitted because, with connection-state recovery on, emits may overtake an
 * ack); or `resync_required` when the account's log no longer reaches back to `after_seq`:
 * reload state over HTTP and continue from `last_seq`.
 */
export const SyncResult = z.union([
  z.object({
    ok: z.literal(true),
    resync_required: z.literal(false),
    events: z.array(SyncedEvent),
    last_seq: z.number(),
  }),
  z.object({ ok: z.literal(true), resync_required: z.literal(true), last_seq: z.number() }),
]);
export type SyncResult = z.infer<typeof SyncResult>;

// ---- server → client ----

/**
 * On every pushed event but typing: `seq` increases by one per event of the account, across
 * every Realtime instance. A client keeps the highest `seq` per account, ignores ones it has seen,
 * and emits `sync` after a reconnect that was not recovered (or on a gap).
 */
export const SocketEventMeta = z.object({
  event_id: z.uuid(),
  account_id: z.uuid(),
  seq: z.number().int().positive(),
  occurred_at: z.iso.datetime(),
});

/**
 * `session:ready`, right after every connection. `recovered: false` after a reconnect means the
 * missed events were not replayed: re-join conversations, then `sync` each account. (It is also
 * the first packet that carries a recovery offset, so even a quiet socket can be recovered.)
 */
export const SessionReadyPayload = z.object({ recovered: z.boolean() });

/** `conversation:new` (account room) */
export const ConversationNewPayload = SocketEventMeta.extend({ conversation: Conversation });

/** `conversation:updated` (account and conversation rooms); `event_type` tells what changed it. */
export const ConversationUpdatedPayload = SocketEventMeta.extend({
  event_type: z.string(),
  conversation: Conversation,
  changes: z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() })).nullable(),
});

/** `conversation:message` on `/agents` (conversation room), private notes included. */
export const ConversationMessagePayload = SocketEventMeta.extend({
  conversation_id: z.uuid(),
  message: Message,
});

/** `conversation:message:status` (conversation room) */
export const ConversationMessageStatusPayload = SocketEventMeta.extend({
  conversation_id: z.uuid(),
  message_id: z.uuid(),
  status: MessageStatus,
  error: z.record(z.string(), z.unknown()).nullable(),
});

/**
 * `notification:assignment` (the assignee's user room): a person assigned it (`manual`, from
 * `conversation.assigned`), or routing did (`auto`/`bot`, from
 * `conversation.notification.assignment`, with `requires_acceptance` when the agent does not
 * auto-accept).
 */
export const AssignmentNotificationPayload = SocketEventMeta.extend({
  conversation: Conversation,
  assignee_id: z.uuid(),
  previous_assignee_id: z.uuid().nullable(),
  assigned_by: z.uuid().nullable(),
  reason: z.enum(['manual', 'auto', 'bot']),
  /** Absent: false. */
  requires_acceptance: z.boolean().optional(),
});

/** `notification:queue_alert` (each alerted supervisor's user room): where the conversation waits. */
export const QueueAlertNotificationPayload = SocketEventMeta.extend({
  conversation: Conversation,
  /** In its team's queue. */
  position: z.number().int(),
});

/** `agent:presence` (account room) */
export const AgentPresencePayload = SocketEventMeta.extend({ user_id: z.uuid(), status: AgentStatus });

/**
 * One agent in `presence:snapshot`. `last_seen_at`: the snapshot's time for a connected agent
 * (online or away), the time they went offline otherwise.
 */
export const PresenceSnapshotEntry = z.object({
  user_id: z.uuid(),
  status: AgentStatus,
  last_seen_at: z.iso.datetime(),
});
export type PresenceSnapshotEntry = z.infer<typeof PresenceSnapshotEntry>;

/**
 * `presence:snapshot`, to an `/agents` socket right after it connects, once per account of the
 * agent: every agent of the account Realtime has seen, with their current status (no `seq`: it
 * is state, not an event). `at` is when it was read; a client keeps any `agent:presence` it
 * received whose `occurred_at` is later than `at`.
 */
export const PresenceSnapshotPayload = z.object({
  account_id: z.uuid(),
  at: z.iso.datetime(),
  agents: z.array(PresenceSnapshotEntry),
});
export type PresenceSnapshotPayload = z.infer<typeof PresenceSnapshotPayload>;

/** `queue:update` (account room): the data of `conversation.queue.updated` (the queue's head and length). */
export const QueueUpdatePayload = SocketEventMeta.extend({ queue: QueueUpdatedData });

/** `conversation:typing` (conversation room, not to the typist; never logged, no `seq`). */
export const ConversationTypingPayload = z.object({
  conversation_id: z.uuid(),
  user_id: z.string().nullable(),
  sender_type: z.enum(['agent', 'contact']),
  is_typing: z.boolean(),
});

/** What a visitor sees of a message: no private notes, no internal fields. */
export const VisitorMessage = Message.pick({
  id: true,
  conversation_id: true,
  direction: true,
  sender_type: true,
  content: true,
  attachments: true,
  status: true,
  reply_to_message_id: true,
  created_at: true,
});

/** `conversation:message` on `/customers` (the visitor's rooms) */
export const VisitorMessagePayload = SocketEventMeta.extend({
  conversation_id: z.uuid(),
  message: VisitorMessage,
});

/** `conversation:updated` on `/customers`: only the status. */
export const VisitorConversationPayload = SocketEventMeta.extend({
  conversation_id: z.uuid(),
  status: ConversationStatus,
});

// ---- the event Realtime publishes on the bus ----

export const AGENT_PRESENCE_CHANGED = 'agent.presence.changed';

/**
 * `data` of `agent.presence.changed`, published by Realtime once per account of the user
 * (the envelope's `account_id`) when they set a status, connect, or go offline (last socket
 * closed, or presence TTL expired). The Account API reads it for routing availability.
 */
export const AgentPresenceChangedData = z.object({
  user_id: z.uuid(),
  account_ids: z.array(z.uuid()),
  status: AgentStatus,
});
export type AgentPresenceChangedData = z.infer<typeof AgentPresenceChangedData>;
