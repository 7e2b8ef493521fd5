import {
  defaultAgentPreferences as defaults,
  type EligibleAgent,
  type EligibleAgents,
  type EligibleAgentsQuery,
} from '@turumba/contracts';
import { NotFound } from '@turumba/platform/errors';
import type { ModuleDeps } from '../module-deps';
import { type AgentCapableRole, isEligible, normalizeCriteria } from './eligibility';
import {
  accountExists,
  type RoutingCandidate,
  routingCandidates,
  teamExists,
  teamIdsByUser,
} from './members-repo';

function toEligibleAgent(candidate: RoutingCandidate, teamIds: string[]): EligibleAgent {
  const prefs = candidate.preferences;
  return {
    user_id: candidate.userId,
    name: candidate.name,
    email: candidate.email,
    // isEligible admitted only agent-capable roles.
    role: candidate.role as AgentCapableRole,
    max_concurrent_conversations: prefs?.maxConcurrentConversations ?? defaults.max_concurrent_conversations,
    languages: prefs?.languages ?? [...defaults.languages],
    available_topics: prefs?.availableTopics ?? [...defaults.available_topics],
    available_channels: prefs?.availableChannels ?? [...defaults.available_channels],
    auto_accept: prefs?.autoAccept ?? defaults.auto_accept,
    team_ids: teamIds,
  };
}

/**
 * The routing engine's one call (spec §5 step 1): the account's members (the team's, when given)
 * who may take a conversation on this channel, topic and language at `at` (default now). Users
 * without a preferences row count with the spec defaults: available, any hour, capacity 5.
 * Current load is the caller's to compare with max_concurrent_conversations.
 */
export function createFindEligibleAgents({ db, clock }: Pick<ModuleDeps, 'db' | 'clock'>) {
  return async (query: EligibleAgentsQuery): Promise<EligibleAgents> => {
    const at = query.at ? new Date(query.at) : clock();
    if (!(await accountExists(db, query.account_id))) throw new NotFound('Account');
    if (query.team_id && !(await teamExists(db, query.account_id, query.team_id))) {
      throw new NotFound('Team');
    }
    const criteria = normalizeCriteria({ ...query, at });
    const candidates = await routingCandidates(db, query.account_id, query.team_id);
    const eligible = candidates.filter((c) =>
      isEligible(
        c.preferences && {
          is_available: c.preferences.isAvailable,
          available_hours: c.preferences.availableHours ?? null,
          available_channels: c.preferences.availableChannels,
          available_topics: c.preferences.availableTopics,
          languages: c.preferences.languages,
        },
        { isActive: c.isActive, role: c.role },
        criteria,
      ),
    );
    const teams = await teamIdsByUser(
      db,
      query.account_id,
      eligible.map((c) => c.userId),
    );
    return {
      at: at.toISOString(),
      agents: eligible.map((c) => toEligibleAgent(c, teams.get(c.userId) ?? [])),
    };
  };
}
