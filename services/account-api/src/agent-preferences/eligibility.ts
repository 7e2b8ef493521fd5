import { type AgentPreferences, defaultAgentPreferences } from '@turumba/contracts';
import { isWithinSchedule } from './schedule';

/*
 * Who may be offered a conversation (spec §5 step 1), as a pure decision. Capacity is not decided
 * here: active conversation counts live in the Messaging API, which compares them with the
 * max_concurrent_conversations we return.
 *
 * An empty available_channels / available_topics / languages list means "no restriction": an agent
 * who has not narrowed a dimension takes everything on it. A user without a preferences row is
 * treated as having the spec defaults (available, any hour, every channel, topic and language).
 */

export type EligibilityPreferences = Pick<
  AgentPreferences,
  'is_available' | 'available_hours' | 'available_channels' | 'available_topics' | 'languages'
>;

export interface Membership {
  isActive: boolean;
  /** The role key the user holds in the account. */
  role: string;
}

export interface EligibilityCriteria {
  channel?: string;
  topic?: string;
  language?: string;
  at: Date;
}

/** Every role of an account may take conversations; custom role keys may not (yet). */
export const agentCapableRoles = ['admin', 'supervisor', 'agent'] as const;
export type AgentCapableRole = (typeof agentCapableRoles)[number];

export type Ineligibility =
  | 'inactive_user'
  | 'role_cannot_take_conversations'
  | 'unavailable'
  | 'outside_hours'
  | 'channel_not_handled'
  | 'topic_not_handled'
  | 'language_not_spoken';

export function isAgentCapableRole(role: string): role is AgentCapableRole {
  return (agentCapableRoles as readonly string[]).includes(role);
}

function accepts(list: readonly string[], wanted: string | undefined): boolean {
  return wanted === undefined || list.length === 0 || list.includes(wanted);
}

/** Why the member may not take the conversation, or null when they may. */
export function ineligibility(
  preferences: EligibilityPreferences | null,
  membership: Membership,
  criteria: EligibilityCriteria,
): Ineligibility | null {
  const prefs = preferences ?? defaultAgentPreferences;
  if (!membership.isActive) return 'inactive_user';
  if (!isAgentCapableRole(membership.role)) return 'role_cannot_take_conversations';
  if (!prefs.is_available) return 'unavailable';
  if (!isWithinSchedule(prefs.available_hours, criteria.at)) return 'outside_hours';
  if (!accepts(prefs.available_channels, criteria.channel)) return 'channel_not_handled';
  if (!accepts(prefs.available_topics, criteria.topic)) return 'topic_not_handled';
  if (!accepts(prefs.languages, criteria.language)) return 'language_not_spoken';
  return null;
}

export function isEligible(
  preferences: EligibilityPreferences | null,
  membership: Membership,
  criteria: EligibilityCriteria,
): boolean {
  return ineligibility(preferences, membership, criteria) === null;
}

/**
 * Routing criteria as stored: topics are lower-case slugs and languages ISO 639-1 codes, so a
 * detected "Billing" or "en-US" is matched as "billing" and "en".
 */
export function normalizeCriteria(input: {
  channel?: string;
  topic?: string;
  language?: string;
  at: Date;
}): EligibilityCriteria {
  return {
    channel: input.channel,
    topic: input.topic?.trim().toLowerCase(),
    language: input.language?.trim().toLowerCase().split(/[-_]/)[0],
    at: input.at,
  };
}
