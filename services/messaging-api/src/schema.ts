// Every table of the Messaging API database, for drizzle-kit and the typed db handle.
export { outboxEvents, processedEvents } from '@turumba/platform/outbox';
export { conversations } from './conversations/tables';
