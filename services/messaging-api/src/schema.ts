// Every table of the Messaging API database, for drizzle-kit and the typed db handle.
export { outboxEvents, processedEvents } from '@turumba/platform/outbox';
export { conversationAssignments } from './assignments/tables';
export { botRules } from './bot-rules/tables';
export { cannedResponses } from './canned-responses/tables';
export { channels } from './channels/tables';
export { contactIdentifiers } from './contact-identifiers/tables';
export { accountSequences, conversationCounts, conversations } from './conversations/tables';
export { messages } from './messages/tables';
export { conversationReads } from './reads/tables';
export { agentRoutingState } from './routing/tables';
export { templates } from './templates/tables';
export { inboundEvents } from './webhooks/tables';
