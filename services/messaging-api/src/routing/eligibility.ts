import type { EligibleAgent } from '@turumba/contracts';
import { primaryLanguage } from '../bot-rules/language';

/*
 * The Account API decides availability and working hours when the snapshot is taken; channel, topic
 * and language are decided here from the same snapshot, so one cached snapshot per account and
 * team serves every conversation. Same semantics as the Account API's own filter: an agent with an
 * empty list on a dimension takes everything on it; topics match case-insensitively, languages on
 * their primary subtag.
 */

export interface RoutingCriteria {
  channel: string;
  topic?: string;
  language?: string;
}

function accepts(list: readonly string[], wanted: string | undefined): boolean {
  return wanted === undefined || list.length === 0 || list.includes(wanted);
}

export function filterEligible(agents: readonly EligibleAgent[], criteria: RoutingCriteria): EligibleAgent[] {
  const topic = criteria.topic?.trim().toLowerCase();
  const language = criteria.language ? primaryLanguage(criteria.language) : undefined;
  return agents.filter(
    (agent) =>
      accepts(agent.available_channels, criteria.channel) &&
      accepts(
        agent.available_topics.map((t) => t.toLowerCase()),
        topic,
      ) &&
      accepts(agent.languages.map(primaryLanguage), language),
  );
}

/** The team's supervisors (or, for an account-wide conversation, the account's) to alert. */
export function supervisorsOf(agents: readonly EligibleAgent[], teamId: string | null): string[] {
  return agents
    .filter(
      (a) => (a.role === 'supervisor' || a.role === 'admin') && (!teamId || a.team_ids.includes(teamId)),
    )
    .map((a) => a.user_id);
}
