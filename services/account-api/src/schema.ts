// Every table of the Account API database, for drizzle-kit and the typed db handle.
export { outboxEvents, processedEvents } from '@turumba/platform/outbox';
export { accounts, accountUsers, roles } from './accounts/tables';
export { agentPreferences } from './agent-preferences/tables';
export { refreshTokens } from './auth/tables';
export { contactMerges, contacts } from './contacts/tables';
export { signingKeys } from './signing-keys/tables';
export { teamMembers, teams } from './teams/tables';
export { users } from './users/tables';
