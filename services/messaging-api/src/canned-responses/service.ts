import { accountForWrite, isManager, scopedAccountIds } from '@turumba/platform/auth';
import { type Db, isUniqueViolation } from '@turumba/platform/db';
import { Conflict, Forbidden, NotFound } from '@turumba/platform/errors';
import type { Caller } from '../conversations/caller';
import type { AccountDirectory, ConversationService } from '../conversations/service';
import type { ModuleDeps } from '../module-deps';
import { cannedResponseListSql } from './list-query';
import { firstName, renderTemplate } from './render';
import { type CannedResponseRow, cannedResponseRepo } from './repo';
import type {
  CannedResponseDto,
  CreateCannedResponseBody,
  ListCannedResponsesQuery,
  RenderBody,
  UpdateCannedResponseBody,
} from './schema';

export interface CannedResponseDeps extends Pick<ModuleDeps, 'db' | 'clock' | 'ids'> {
  directory: AccountDirectory;
  conversations: Pick<ConversationService, 'findConversation'>;
}

function toDto(row: CannedResponseRow): CannedResponseDto {
  return {
    id: row.id,
    account_id: row.accountId,
    short_code: row.shortCode,
    title: row.title,
    content: row.content,
    category: row.category,
    created_by: row.createdBy,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

async function rejectingDuplicate<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (!isUniqueViolation(err, 'canned_responses_account_short_code_uq')) throw err;
    throw new Conflict('This account already has a canned response with this short code', {
      field: 'short_code',
    });
  }
}

/** For the conversation use-cases: whether a canned response is one of the account's. */
export function createCannedResponseLookup(db: Db) {
  const repo = cannedResponseRepo(db);
  return {
    isOfAccount: async (accountId: string, id: string) => (await repo.find([accountId], id)) !== undefined,
  };
}

/** `/v1/canned-responses` (spec §1.3): members read and create; the author or a manager edits. */
export function createCannedResponseService(deps: CannedResponseDeps) {
  const repo = cannedResponseRepo(deps.db);
  async function find(caller: Caller, id: string) {
    const row = await repo.find(scopedAccountIds(caller.context, caller.accountHeader), id);
    if (!row) throw new NotFound('Canned response');
    return row;
  }
  async function findEditable(caller: Caller, id: string) {
    const row = await find(caller, id);
    const isAuthor = row.createdBy === caller.context.userId;
    if (!isAuthor && !isManager(caller.context, row.accountId)) {
      throw new Forbidden('Only its author, an admin or a supervisor can change a canned response');
    }
    return row;
  }

  return {
    async list(caller: Caller, query: ListCannedResponsesQuery) {
      const { where, orderBy } = cannedResponseListSql(query);
      const accountIds = scopedAccountIds(caller.context, caller.accountHeader);
      const { rows, total } = await repo.list(accountIds, where, orderBy, query);
      return { data: rows.map(toDto), meta: { total, skip: query.skip, limit: query.limit } };
    },

    get: async (caller: Caller, id: string) => toDto(await find(caller, id)),

    async create(caller: Caller, body: CreateCannedResponseBody) {
      const accountId = accountForWrite(caller.context, caller.accountHeader);
      const now = deps.clock();
      const row = await rejectingDuplicate(() =>
        repo.insert({
          id: deps.ids(),
          accountId,
          shortCode: body.short_code,
          title: body.title,
          content: body.content,
          category: body.category ?? null,
          createdBy: caller.context.userId,
          createdAt: now,
          updatedAt: now,
        }),
      );
      return toDto(row);
    },

    async update(caller: Caller, id: string, body: UpdateCannedResponseBody) {
      const row = await findEditable(caller, id);
      const patch = {
        shortCode: body.short_code,
        title: body.title,
        content: body.content,
        category: body.category,
        updatedAt: deps.clock(),
      };
      return toDto(await rejectingDuplicate(() => repo.update(row.accountId, id, patch)));
    },

    async remove(caller: Caller, id: string) {
      const row = await findEditable(caller, id);
      await repo.delete(row.accountId, id);
    },

    /** Fills the variables from a conversation of the same account the caller may see. */
    async render(caller: Caller, id: string, body: RenderBody) {
      const canned = await find(caller, id);
      const conversation = await deps.conversations.findConversation(caller, body.conversation_id);
      if (conversation.accountId !== canned.accountId) throw new NotFound('Conversation');
      const agentName =
        body.agent_name ?? (await deps.directory.userName(canned.accountId, caller.context.userId));
      const rendered = renderTemplate(canned.content, {
        contact_name: conversation.contactName,
        contact_first_name: firstName(conversation.contactName),
        agent_name: agentName,
        conversation_id: String(conversation.displayId),
      });
      return { ...rendered, is_complete: rendered.missing.length === 0 };
    },
  };
}
export type CannedResponseService = ReturnType<typeof createCannedResponseService>;
