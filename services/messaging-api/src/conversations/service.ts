import { createIdentityLookup, toContactIdentifierDto } from '../contact-identifiers/service';
import { toMessageDto } from '../messages/dto';
import { createMessageStore } from '../messages/service';
import { type ConversationDeps, findVisible, viewerOf } from './access';
import type { Caller } from './caller';
import { createConversationUseCase } from './create-conversation';
import { toConversationDto } from './dto';
import { listInbox } from './list-inbox';
import { createPostMessageUseCase } from './post-message';
import type { InboxRow } from './repo';
import type { InboxConversation, InboxQuery } from './schema';
import { createThreadUseCases } from './thread';
import { createUpdateUseCases } from './update-conversation';

export type { ConversationDeps } from './access';
export {
  type CounterDrift,
  createExactInboxCounter,
  createInboxCounter,
  findCounterDrift,
  type InboxCounter,
} from './counts';
export { type AccountDirectory, createHttpAccountDirectory } from './directory';

const DETAIL_MESSAGES = 20;

export function toInboxDto(row: InboxRow): InboxConversation {
  return { ...toConversationDto(row), unread_count: row.unreadCount };
}

/** The conversations and agent-inbox use-cases; every one scopes to what the caller may see. */
export function createConversationService(deps: ConversationDeps) {
  return {
    async listConversations(caller: Caller, query: InboxQuery) {
      const viewer = await viewerOf(deps, caller);
      const page = await listInbox(deps.db, viewer, query);
      const meta = {
        ...(page.total === undefined ? {} : { total: page.total }),
        skip: query.cursor ? 0 : query.skip,
        limit: query.limit,
        ...(page.nextCursor || query.cursor ? { next_cursor: page.nextCursor } : {}),
      };
      return { data: page.rows.map(toInboxDto), meta };
    },

    async countConversations(caller: Caller) {
      return deps.counter.count(await viewerOf(deps, caller));
    },

    /** The conversation, its latest messages and the contact's identities on every channel. */
    async getConversation(caller: Caller, id: string) {
      const viewer = await viewerOf(deps, caller);
      const row = await findVisible(deps.db, viewer, id);
      const [thread, identities] = await Promise.all([
        createMessageStore(deps.db).page(row.accountId, id, {}, DETAIL_MESSAGES),
        row.contactId ? createIdentityLookup(deps.db).ofContact(row.accountId, row.contactId) : [],
      ]);
      return {
        ...toInboxDto(row),
        messages: thread.rows.map(({ key: _key, ...m }) => toMessageDto(m)),
        contact_identifiers: identities.map(toContactIdentifierDto),
      };
    },

    /** For other modules (canned-response rendering): a conversation the caller may see, or 404. */
    async findConversation(caller: Caller, id: string) {
      return findVisible(deps.db, await viewerOf(deps, caller), id);
    },

    createConversation: createConversationUseCase(deps),
    postMessage: createPostMessageUseCase(deps),
    ...createUpdateUseCases(deps),
    ...createThreadUseCases(deps),
  };
}
export type ConversationService = ReturnType<typeof createConversationService>;
