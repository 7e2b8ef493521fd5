import { z } from 'zod';
import { createAssignmentStore } from '../assignments/service';
import { toMessageDto } from '../messages/dto';
import type { ThreadQuery } from '../messages/schema';
import { createMessageStore, type KeyedMessage, type ThreadKey } from '../messages/service';
import { createReadStore } from '../reads/service';
import { type ConversationDeps, findVisible, viewerOf } from './access';
import type { Caller } from './caller';
import { decodeCursor, encodeCursor, timestampKeyPattern } from './cursor';

const ThreadCursor = z.object({ t: z.string().regex(timestampKeyPattern), id: z.uuid() });
const cursorOf = (m: KeyedMessage | undefined) => (m ? encodeCursor({ t: m.key, id: m.id }) : null);

/** The thread of one conversation: messages (with notes and activity lines), reads, assignments. */
export function createThreadUseCases(deps: ConversationDeps) {
  return {
    /** Oldest first. Without cursors: the latest `limit`; `before` loads older, `after` newer. */
    async listMessages(caller: Caller, id: string, query: ThreadQuery) {
      const viewer = await viewerOf(deps, caller);
      const conversation = await findVisible(deps.db, viewer, id);
      const before = query.before ? (decodeCursor(query.before, ThreadCursor) as ThreadKey) : undefined;
      const after = query.after ? (decodeCursor(query.after, ThreadCursor) as ThreadKey) : undefined;
      const { rows, hasMore } = await createMessageStore(deps.db).page(
        conversation.accountId,
        id,
        { before, after },
        query.limit,
      );
      // Going forward, older rows exist (the cursor's); going back or from the end, newer may arrive.
      const olderCursor = after || hasMore ? cursorOf(rows[0]) : null;
      const newerCursor =
        after && !rows.length ? (query.after ?? null) : (cursorOf(rows.at(-1)) ?? query.before ?? null);
      return {
        data: rows.map(({ key: _key, ...row }) => toMessageDto(row)),
        meta: {
          skip: 0,
          limit: query.limit,
          next_cursor: olderCursor,
          older_cursor: olderCursor,
          newer_cursor: newerCursor,
        },
      };
    },

    async markRead(caller: Caller, id: string) {
      const viewer = await viewerOf(deps, caller);
      const conversation = await findVisible(deps.db, viewer, id);
      const at = await createReadStore(deps.db, deps.ids).markRead(
        conversation.accountId,
        id,
        viewer.userId,
        deps.clock(),
      );
      return { conversation_id: id, user_id: viewer.userId, last_read_at: at.toISOString() };
    },

    async listAssignments(caller: Caller, id: string, page: { skip: number; limit: number }) {
      const viewer = await viewerOf(deps, caller);
      const conversation = await findVisible(deps.db, viewer, id);
      const { data, total } = await createAssignmentStore(deps.db, deps.ids).history(
        conversation.accountId,
        id,
        page,
      );
      return { data, meta: { total, skip: page.skip, limit: page.limit } };
    },
  };
}
