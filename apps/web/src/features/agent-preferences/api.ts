import type { AgentPreferences, EffectiveAgentPreferences } from '@turumba/contracts';
import type { Http } from '../../lib/http';

/** Writable fields of agent preferences (spec §2); `notification_preferences` merges on the server. */
export type AgentPreferencesPatch = Partial<
  Pick<
    AgentPreferences,
    | 'available_channels'
    | 'available_topics'
    | 'available_hours'
    | 'languages'
    | 'max_concurrent_conversations'
    | 'is_available'
    | 'auto_accept'
    | 'notification_preferences'
  >
>;

const base = '/v1/agent-preferences';

/** The Account API's agent preferences: `/me` for oneself, `/{user_id}` for admins. */
export const agentPreferencesApi = (http: Http) => ({
  /** Own preferences; the defaults routing applies (`id: null`) until first saved. */
  mine: () => http.get<EffectiveAgentPreferences>(`${base}/me`),
  updateMine: (patch: AgentPreferencesPatch) => http.patch<AgentPreferences>(`${base}/me`, patch),
  list: () => http.list<AgentPreferences>(base, { limit: 500 }),
  /** One user's row through the list (no 404 for a user who never saved: just an empty page). */
  findByUser: async (userId: string) =>
    (await http.list<AgentPreferences>(base, { filter: `user_id:eq:${userId}`, limit: 1 })).data[0] ?? null,
  get: (userId: string) => http.get<EffectiveAgentPreferences>(`${base}/${userId}`),
  update: (userId: string, patch: AgentPreferencesPatch) =>
    http.patch<AgentPreferences>(`${base}/${userId}`, patch),
});

export const preferenceKeys = {
  mine: ['agent-preferences', 'me'] as const,
  all: ['agent-preferences', 'list'] as const,
  one: (userId: string) => ['agent-preferences', userId] as const,
};
