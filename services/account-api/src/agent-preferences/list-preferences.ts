import type { AgentPreferences, ListMeta } from '@turumba/contracts';
import { Forbidden } from '@turumba/platform/errors';
import {
  type ColumnMap,
  type FieldRules,
  filtersToSql,
  parseFilters,
  parseSort,
  sortToSql,
} from '@turumba/platform/query';
import { asc } from 'drizzle-orm';
import type { ModuleDeps } from '../module-deps';
import { listableAccountIds } from './access';
import { toAgentPreferences } from './dto';
import { listPreferences } from './repo';
import { type AgentPreferencesListQuery, shorthandFilterOps } from './schema';
import type { Caller } from './service';
import { agentPreferences } from './tables';

/** The fields and operators `?filter=` and `?sort=` allow (anything else is 400). */
export const listFieldRules: FieldRules = {
  user_id: { type: 'uuid', ops: ['eq', 'in'] },
  is_available: { type: 'boolean', ops: ['eq', 'ne'] },
  auto_accept: { type: 'boolean', ops: ['eq', 'ne'] },
  available_channels: { type: 'string_array', ops: ['contains'] },
  available_topics: { type: 'string_array', ops: ['contains'] },
  languages: { type: 'string_array', ops: ['contains'] },
  max_concurrent_conversations: {
    type: 'number',
    ops: ['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'in', 'range'],
    sortable: true,
  },
  created_at: { type: 'datetime', ops: ['lt', 'le', 'gt', 'ge', 'range'], sortable: true },
  updated_at: { type: 'datetime', ops: ['lt', 'le', 'gt', 'ge', 'range'], sortable: true },
};

const columns: ColumnMap = {
  user_id: agentPreferences.userId,
  is_available: agentPreferences.isAvailable,
  auto_accept: agentPreferences.autoAccept,
  available_channels: agentPreferences.availableChannels,
  available_topics: agentPreferences.availableTopics,
  languages: agentPreferences.languages,
  max_concurrent_conversations: agentPreferences.maxConcurrentConversations,
  created_at: agentPreferences.createdAt,
  updated_at: agentPreferences.updatedAt,
};

/** `?is_available=true&languages=am` → `is_available:eq:true`, `languages:contains:am`. */
export function shorthandFilters(query: Partial<Record<keyof typeof shorthandFilterOps, string | string[]>>) {
  return Object.entries(shorthandFilterOps).flatMap(([field, op]) => {
    const raw = query[field as keyof typeof shorthandFilterOps];
    return raw === undefined ? [] : [raw].flat().map((value) => `${field}:${op}:${value}`);
  });
}

/**
 * Admins and supervisors list the preferences of their accounts' members (spec §2: "list all, for
 * routing"); a user in several of those accounts appears once.
 */
export function createListPreferences({ db }: Pick<ModuleDeps, 'db'>) {
  return async (
    caller: Caller,
    query: AgentPreferencesListQuery,
  ): Promise<{ items: AgentPreferences[]; meta: ListMeta }> => {
    const accountIds = listableAccountIds(caller.accountIds, caller.accountRoles);
    if (accountIds.length === 0) {
      throw new Forbidden('Listing agent preferences needs the admin or supervisor role');
    }
    const expressions = [...[query.filter ?? []].flat(), ...shorthandFilters(query)];
    const filters = parseFilters(expressions, listFieldRules);
    const sorts = parseSort(query.sort, listFieldRules);
    const { rows, total } = await listPreferences(db, {
      accountIds,
      where: filtersToSql(filters, listFieldRules, columns),
      orderBy: sortToSql(sorts, columns, [asc(agentPreferences.createdAt), asc(agentPreferences.id)]),
      skip: query.skip,
      limit: query.limit,
    });
    return { items: rows.map(toAgentPreferences), meta: { total, skip: query.skip, limit: query.limit } };
  };
}
