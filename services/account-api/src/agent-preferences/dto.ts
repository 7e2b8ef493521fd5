import type { AgentPreferences, NotificationPreferences } from '@turumba/contracts';
import type { AgentPreferencesPatch } from './schema';
import type { agentPreferences } from './tables';

export type AgentPreferencesRow = typeof agentPreferences.$inferSelect;
export type AgentPreferencesValues = Partial<typeof agentPreferences.$inferInsert>;

export function toAgentPreferences(row: AgentPreferencesRow): AgentPreferences {
  return {
    id: row.id,
    user_id: row.userId,
    available_channels: row.availableChannels,
    available_topics: row.availableTopics,
    available_hours: row.availableHours ?? null,
    languages: row.languages,
    max_concurrent_conversations: row.maxConcurrentConversations,
    is_available: row.isAvailable,
    auto_accept: row.autoAccept,
    notification_preferences: row.notificationPreferences,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

/**
 * The column values a PATCH sets. Fields left out keep their value; notification_preferences
 * merges key by key into the current ones (the defaults on a new row).
 */
export function patchValues(
  patch: AgentPreferencesPatch,
  currentNotifications: NotificationPreferences,
): AgentPreferencesValues {
  const values: AgentPreferencesValues = {};
  if (patch.available_channels !== undefined) values.availableChannels = patch.available_channels;
  if (patch.available_topics !== undefined) values.availableTopics = patch.available_topics;
  if (patch.available_hours !== undefined) values.availableHours = patch.available_hours;
  if (patch.languages !== undefined) values.languages = patch.languages;
  if (patch.max_concurrent_conversations !== undefined) {
    values.maxConcurrentConversations = patch.max_concurrent_conversations;
  }
  if (patch.is_available !== undefined) values.isAvailable = patch.is_available;
  if (patch.auto_accept !== undefined) values.autoAccept = patch.auto_accept;
  if (patch.notification_preferences !== undefined) {
    values.notificationPreferences = { ...currentNotifications, ...patch.notification_preferences };
  }
  return values;
}
