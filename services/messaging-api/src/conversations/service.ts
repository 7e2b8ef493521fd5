import type { PageQuery } from '@turumba/contracts';
import { toConversationDto } from './dto';
import type { ConversationRepo } from './repo';

export function createConversationService(deps: { conversations: ConversationRepo }) {
  return {
    async listConversations(accountIds: string[], page: PageQuery) {
      const { rows, total } = await deps.conversations.list(accountIds, page);
      return { data: rows.map(toConversationDto), meta: { total, skip: page.skip, limit: page.limit } };
    },
  };
}
export type ConversationService = ReturnType<typeof createConversationService>;
