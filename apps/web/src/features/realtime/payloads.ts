import type {
  AgentPresencePayload,
  AssignmentNotificationPayload,
  ConversationMessagePayload,
  ConversationMessageStatusPayload,
  ConversationNewPayload,
  ConversationTypingPayload,
  ConversationUpdatedPayload,
  PresenceSnapshotPayload,
  VisitorConversationPayload,
  VisitorMessagePayload,
} from '@turumba/contracts';
import type { z } from 'zod';

/** The socket contract's payloads as TypeScript types (packages/contracts/src/socket.ts). */
export type ConversationNew = z.infer<typeof ConversationNewPayload>;
export type ConversationUpdated = z.infer<typeof ConversationUpdatedPayload>;
export type ConversationMessageEvent = z.infer<typeof ConversationMessagePayload>;
export type MessageStatusEvent = z.infer<typeof ConversationMessageStatusPayload>;
export type TypingEvent = z.infer<typeof ConversationTypingPayload>;
export type AssignmentNotification = z.infer<typeof AssignmentNotificationPayload>;
export type PresenceEvent = z.infer<typeof AgentPresencePayload>;
export type PresenceSnapshot = z.infer<typeof PresenceSnapshotPayload>;
export type VisitorMessageEvent = z.infer<typeof VisitorMessagePayload>;
export type VisitorConversationEvent = z.infer<typeof VisitorConversationPayload>;
