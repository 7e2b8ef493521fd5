import type { Conversation } from '@turumba/contracts';
import { actorOf, type ConversationDeps, findVisible, lockVisible, viewerOf } from './access';
import { applyUpdate } from './apply-update';
import type { Caller } from './caller';
import { toConversationDto } from './dto';
import type { UpdateRequest } from './plan-update';
import { hasReferences, requireOwnReferences } from './references';
import type { AssignBody, UpdateConversationBody } from './schema';

/** PATCH, assign and close: lock the row, plan, apply, all in one transaction. */
export function createUpdateUseCases(deps: ConversationDeps) {
  async function change(caller: Caller, id: string, request: UpdateRequest): Promise<Conversation> {
    const viewer = await viewerOf(deps, caller);
    // The caller is a member of every account they can see a conversation of (the gateway says
    // so), so taking a conversation for oneself needs no lookup.
    const assigneeId = request.assigneeId === viewer.userId ? undefined : request.assigneeId;
    const references = { assigneeId, teamId: request.teamId };
    if (hasReferences(references)) {
      // Checked before the row lock, so no transaction waits on the Account API; a
      // conversation never changes account, so the account read here is the one written.
      const { accountId } = await findVisible(deps.db, viewer, id);
      await requireOwnReferences(deps.directory, accountId, references);
    }
    const row = await deps.db.transaction(async (tx) => {
      const current = await lockVisible(tx, viewer, id);
      const actor = actorOf(viewer, current.accountId);
      return (await applyUpdate(tx, deps, current, request, actor, deps.clock())).row;
    });
    return toConversationDto(row);
  }

  return {
    updateConversation(caller: Caller, id: string, body: UpdateConversationBody) {
      return change(caller, id, {
        status: body.status,
        assigneeId: body.assignee_id,
        teamId: body.team_id,
        priority: body.priority,
        labels: body.labels,
        subject: body.subject,
      });
    },

    assignConversation(caller: Caller, id: string, body: AssignBody) {
      return change(caller, id, { assigneeId: body.assignee_id, teamId: body.team_id });
    },

    /** DELETE: a soft close (terminal); closing a closed conversation again changes nothing. */
    async closeConversation(caller: Caller, id: string): Promise<void> {
      await change(caller, id, { status: 'closed' });
    },
  };
}
