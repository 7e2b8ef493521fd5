// Every table of the Messaging API database, for drizzle-kit and the typed db handle.
export { outboxEvents, processedEvents } from '@turumba/platform/outbox';
export { channels } from './channels/tables';
export { contactIdentifiers } from './contact-identifiers/tables';
export { accountSequences, conversations } from './conversations/tables';
export { messages } from './messages/tables';
