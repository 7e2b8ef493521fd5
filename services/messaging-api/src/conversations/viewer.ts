import { isManager, scopedAccountIds } from '@turumba/platform/auth';
import { and, eq, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Caller } from './caller';
import type { AccountDirectory } from './directory';
import { conversations } from './tables';

/**
 * Whose inbox a request sees (ARCHITECTURE.md §4): admins and supervisors see their whole
 * account; agents see what is assigned to them, their teams' conversations (queued or assigned
 * to a teammate), and the account-wide queue (unassigned and in no team).
 */
export interface Viewer {
  userId: string;
  /** Every account the request may read (X-Account-Id narrows it to one). */
  accountIds: string[];
  managerAccountIds: string[];
  agentAccountIds: string[];
  /** The user's teams in those accounts (for managers too: the counts' "team" tab). */
  teamIds: string[];
}

export async function resolveViewer(caller: Caller, directory: AccountDirectory): Promise<Viewer> {
  const accountIds = scopedAccountIds(caller.context, caller.accountHeader);
  const userId = caller.context.userId;
  const teams = await Promise.all(accountIds.map((accountId) => directory.teamsOf(accountId, userId)));
  // A member without a recognised role gets the narrowest view.
  const managerAccountIds = accountIds.filter((id) => isManager(caller.context, id));
  return {
    userId,
    accountIds,
    managerAccountIds,
    agentAccountIds: accountIds.filter((id) => !managerAccountIds.includes(id)),
    teamIds: [...new Set(teams.flat())],
  };
}

export function isManagerIn(viewer: Viewer, accountId: string): boolean {
  return viewer.managerAccountIds.includes(accountId);
}

interface Holder {
  accountId: string;
  assigneeId: string | null;
  teamId: string | null;
}

/** The row-level twin of `visibleConversations`; both must say the same. */
export function canSee(viewer: Viewer, row: Holder): boolean {
  if (!viewer.accountIds.includes(row.accountId)) return false;
  if (isManagerIn(viewer, row.accountId)) return true;
  if (row.assigneeId === viewer.userId) return true;
  if (row.teamId !== null) return viewer.teamIds.includes(row.teamId);
  return row.assigneeId === null;
}

/** The columns visibility depends on: the conversations table's, or the counters'. */
export interface HolderColumns {
  accountId: AnyPgColumn;
  assigneeId: AnyPgColumn;
  teamId: AnyPgColumn;
}

/**
 * The WHERE condition of every inbox query: tenant scope and role visibility. Over `conversations`
 * by default; the counters (counts.ts) apply the same predicate to their own key columns.
 */
export function visibleConversations(viewer: Viewer, c: HolderColumns = conversations): SQL {
  const parts: SQL[] = [];
  if (viewer.managerAccountIds.length > 0) {
    parts.push(inArray(c.accountId, viewer.managerAccountIds));
  }
  if (viewer.agentAccountIds.length > 0) {
    const own = [eq(c.assigneeId, viewer.userId), and(isNull(c.assigneeId), isNull(c.teamId))];
    if (viewer.teamIds.length > 0) own.push(inArray(c.teamId, viewer.teamIds));
    parts.push(and(inArray(c.accountId, viewer.agentAccountIds), or(...own))!);
  }
  return parts.length === 0 ? sql`false` : or(...parts)!;
}
