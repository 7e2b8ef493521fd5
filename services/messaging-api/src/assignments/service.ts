import type { Db } from '@turumba/platform/db';
import { assignmentRepo } from './repo';
import { toAssignmentDto } from './schema';

export interface Handover {
  accountId: string;
  conversationId: string;
  assigneeId: string | null;
  teamId: string | null;
  assignedBy: string | null;
  reason: 'manual' | 'auto' | 'bot';
  at: Date;
  /** Closing ends the current assignment without starting another. */
  isClosing: boolean;
}

/** Assignment history (`conversation_assignments`), written in the caller's transaction. */
export function createAssignmentStore(db: Db, ids: () => string) {
  const repo = assignmentRepo(db);
  return {
    /**
     * Ends the open row and starts one for the new holder (agent and/or team), if any. The caller
     * holds the conversation's row lock; the partial unique index on open rows backs it up.
     */
    async handOver(h: Handover): Promise<void> {
      await repo.endOpen(h.accountId, h.conversationId, h.at);
      if (h.isClosing || (h.assigneeId === null && h.teamId === null)) return;
      await repo.insert({
        id: ids(),
        accountId: h.accountId,
        conversationId: h.conversationId,
        assigneeId: h.assigneeId,
        teamId: h.teamId,
        assignedBy: h.assignedBy,
        reason: h.reason,
        startedAt: h.at,
        createdAt: h.at,
        updatedAt: h.at,
      });
    },

    async history(accountId: string, conversationId: string, page: { skip: number; limit: number }) {
      const { rows, total } = await repo.history(accountId, conversationId, page);
      return { data: rows.map(toAssignmentDto), total };
    },
  };
}
