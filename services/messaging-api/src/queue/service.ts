import type { Caller } from '../conversations/caller';
import { toConversationDto } from '../conversations/dto';
import type { AccountDirectory } from '../conversations/service';
import { resolveViewer, visibleConversations } from '../conversations/viewer';
import type { ModuleDeps } from '../module-deps';
import { queueRepo } from './repo';
import type { QueueItem, QueueQuery } from './schema';

/**
 * `GET /v1/queue`: the waiting conversations the caller may see (admins and supervisors: the whole
 * account; agents: their teams' queues and the general one), with their real positions: an agent's
 * narrower view does not renumber the queue.
 */
export function createQueueService(deps: Pick<ModuleDeps, 'db' | 'clock'> & { directory: AccountDirectory }) {
  return {
    async listQueue(caller: Caller, query: QueueQuery) {
      const viewer = await resolveViewer(caller, deps.directory);
      const { rows, total } = await queueRepo(deps.db).entries(viewer.accountIds, {
        visible: visibleConversations(viewer),
        teamId: query.team_id,
        skip: query.skip,
        limit: query.limit,
      });
      const now = deps.clock().getTime();
      const data: QueueItem[] = rows.map(({ position, accountPosition, ...row }) => ({
        position,
        account_position: accountPosition,
        waiting_seconds: Math.max(0, Math.floor((now - row.queuedAt!.getTime()) / 1000)),
        conversation: toConversationDto(row),
      }));
      return { data, meta: { total, skip: query.skip, limit: query.limit } };
    },
  };
}
export type QueueService = ReturnType<typeof createQueueService>;
