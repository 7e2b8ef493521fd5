import { z } from 'zod';
import { itemEnvelope } from './envelope';

/*
 * Agent preferences (spec §2) and the routing engine's eligibility call (spec §5). These are the
 * shapes the Account API returns and publishes; it validates request bodies more strictly
 * (ISO 639-1 list, IANA zones, slugs) in services/account-api/src/agent-preferences/schema.ts.
 */

/** The channels an agent can be available on (ARCHITECTURE.md §7). */
export const AgentChannel = z.enum(['telegram', 'whatsapp', 'messenger', 'sms', 'email', 'webchat']);
export type AgentChannel = z.infer<typeof AgentChannel>;

export const ScheduleDay = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
export type ScheduleDay = z.infer<typeof ScheduleDay>;

/**
 * One working slot in the agent's own timezone. `start` is inclusive, `end` exclusive; an `end`
 * earlier than `start` runs overnight into the next day (the slot belongs to the day it starts);
 * `end` may be `24:00` (midnight at the end of the day).
 */
export const ScheduleSlot = z.object({
  days: z.array(ScheduleDay),
  start: z.string(),
  end: z.string(),
});
export type ScheduleSlot = z.infer<typeof ScheduleSlot>;

/** `available_hours`: null means available at any hour. */
export const WeeklySchedule = z.object({
  schedule: z.array(ScheduleSlot),
  timezone: z.string(),
});
export type WeeklySchedule = z.infer<typeof WeeklySchedule>;

export const NotificationPreferences = z.object({
  sound: z.boolean(),
  desktop: z.boolean(),
  email_on_assignment: z.boolean(),
});
export type NotificationPreferences = z.infer<typeof NotificationPreferences>;

/** An agent's preferences as the API returns them (one per user, not per account). */
export const AgentPreferences = z.object({
  id: z.uuid(),
  user_id: z.uuid(),
  available_channels: z.array(AgentChannel),
  available_topics: z.array(z.string()),
  available_hours: WeeklySchedule.nullable(),
  languages: z.array(z.string()),
  max_concurrent_conversations: z.number().int(),
  is_available: z.boolean(),
  auto_accept: z.boolean(),
  notification_preferences: NotificationPreferences,
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
});
export type AgentPreferences = z.infer<typeof AgentPreferences>;

/** What a user without a preferences row is treated as (the spec's column defaults). */
export const defaultAgentPreferences = {
  available_channels: [],
  available_topics: [],
  available_hours: null,
  languages: [],
  max_concurrent_conversations: 5,
  is_available: true,
  auto_accept: false,
  notification_preferences: { sound: true, desktop: true, email_on_assignment: false },
} as const satisfies Omit<AgentPreferences, 'id' | 'user_id' | 'created_at' | 'updated_at'>;

/**
 * `GET /v1/agent-preferences/me` and `/{user_id}`: the saved preferences, or, for a user who never
 * saved any, the defaults routing applies to them, with `id`, `created_at` and `updated_at` null.
 */
export const EffectiveAgentPreferences = AgentPreferences.extend({
  id: z.uuid().nullable(),
  created_at: z.iso.datetime().nullable(),
  updated_at: z.iso.datetime().nullable(),
});
export type EffectiveAgentPreferences = z.infer<typeof EffectiveAgentPreferences>;

/** Routing key and event type of every preference change (ARCHITECTURE.md §6). */
export const AGENT_PREFERENCE_UPDATED = 'agent.preference.updated';

export const AgentPreferenceChangeReason = z.enum(['created', 'updated', 'availability_changed', 'deleted']);
export type AgentPreferenceChangeReason = z.infer<typeof AgentPreferenceChangeReason>;

/**
 * `data` of `agent.preference.updated`: one event per account the user belongs to.
 * `availability_changed` when `is_available` flipped; `preferences` is null after a delete.
 */
export const AgentPreferenceUpdatedData = z.object({
  user_id: z.uuid(),
  reason: AgentPreferenceChangeReason,
  preferences: AgentPreferences.nullable(),
});
export type AgentPreferenceUpdatedData = z.infer<typeof AgentPreferenceUpdatedData>;

/** `GET /internal/agents/eligible` query (service token). */
export const EligibleAgentsQuery = z.object({
  account_id: z.uuid(),
  team_id: z.uuid().optional(),
  channel: AgentChannel.optional(),
  /** Matched case-insensitively against available_topics. */
  topic: z.string().min(1).max(100).optional(),
  /** A language tag ("am", "en-US"): matched on its primary subtag against languages. */
  language: z.string().min(2).max(35).optional(),
  /** Default: now. */
  at: z.iso.datetime({ offset: true }).optional(),
});
export type EligibleAgentsQuery = z.infer<typeof EligibleAgentsQuery>;

/** A member who may take a conversation at `at`; the caller still checks current load. */
export const EligibleAgent = z.object({
  user_id: z.uuid(),
  name: z.string(),
  email: z.string(),
  role: z.enum(['admin', 'supervisor', 'agent']),
  max_concurrent_conversations: z.number().int(),
  languages: z.array(z.string()),
  available_topics: z.array(z.string()),
  available_channels: z.array(AgentChannel),
  auto_accept: z.boolean(),
  /** The user's teams in this account. */
  team_ids: z.array(z.uuid()),
});
export type EligibleAgent = z.infer<typeof EligibleAgent>;

export const EligibleAgents = z.object({
  at: z.iso.datetime(),
  agents: z.array(EligibleAgent),
});
export type EligibleAgents = z.infer<typeof EligibleAgents>;

/** The whole response body of `GET /internal/agents/eligible`. */
export const EligibleAgentsResponse = itemEnvelope(EligibleAgents);
export type EligibleAgentsResponse = z.infer<typeof EligibleAgentsResponse>;

/**
 * What a consumer of the `agent.preference.updated` routing key may rely on. Three producers share
 * the key: preference changes (AgentPreferenceUpdatedData), account membership changes
 * (`reason: 'membership_changed'`) and team membership changes (`reason: 'team_membership_changed'`);
 * all of them mean "this user's eligibility may have changed", so consumers refresh on `user_id`.
 */
export const AgentEligibilityChangedData = z.looseObject({
  user_id: z.uuid(),
  reason: z.union([
    AgentPreferenceChangeReason,
    z.literal('membership_changed'),
    z.literal('team_membership_changed'),
  ]),
});
export type AgentEligibilityChangedData = z.infer<typeof AgentEligibilityChangedData>;
