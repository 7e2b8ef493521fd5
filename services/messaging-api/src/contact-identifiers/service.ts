import { accountForWrite, requireRole, scopedAccountIds } from '@turumba/platform/auth';
import type { Db } from '@turumba/platform/db';
import { isUniqueViolation } from '@turumba/platform/db';
import { Conflict, NotFound } from '@turumba/platform/errors';
import type { Caller } from '../conversations/caller';
import type { AccountDirectory } from '../conversations/directory';
import { requireOwnReferences } from '../conversations/references';
import { repointActiveConversations } from '../conversations/repoint-contact';
import type { ModuleDeps } from '../module-deps';
import { normalizeIdentifier, toContactIdentifierDto } from './dto';
import { contactIdentifierListSql } from './list-query';
import { contactIdentifierRepo } from './repo';
import type {
  CreateContactIdentifierBody,
  ListContactIdentifiersQuery,
  UpdateContactIdentifierBody,
} from './schema';

export { normalizeIdentifier, toContactIdentifierDto } from './dto';

const notFound = () => new NotFound('Contact identifier');

async function rejectingDuplicate<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (isUniqueViolation(err, 'contact_identifiers_account_type_identifier_uq')) {
      throw new Conflict('This identifier already belongs to a contact of this account', {
        field: 'identifier',
      });
    }
    throw err;
  }
}

/** Read access for the conversation use-cases. */
export function createIdentityLookup(db: Db) {
  const repo = contactIdentifierRepo(db);
  return { findByIdentity: repo.findByIdentity, ofContact: repo.ofContact };
}

/** `/v1/contact-identifiers` (spec §1.5). Any member reads and writes; deleting needs a manager. */
export interface ContactIdentifierDeps extends Pick<ModuleDeps, 'db' | 'clock' | 'ids'> {
  /** Whether a `contact_id` is a contact of the account (the Account API owns contacts). */
  directory: AccountDirectory;
}

export function createContactIdentifierService(deps: ContactIdentifierDeps) {
  const repo = contactIdentifierRepo(deps.db);
  const scope = (caller: Caller) => scopedAccountIds(caller.context, caller.accountHeader);
  async function find(caller: Caller, id: string) {
    const row = await repo.find(scope(caller), id);
    if (!row) throw notFound();
    return row;
  }

  return {
    async list(caller: Caller, query: ListContactIdentifiersQuery) {
      const { where, orderBy } = contactIdentifierListSql(query);
      const { rows, total } = await repo.list(scope(caller), where, orderBy, query);
      return {
        data: rows.map(toContactIdentifierDto),
        meta: { total, skip: query.skip, limit: query.limit },
      };
    },

    get: async (caller: Caller, id: string) => toContactIdentifierDto(await find(caller, id)),

    async create(caller: Caller, body: CreateContactIdentifierBody) {
      const accountId = accountForWrite(caller.context, caller.accountHeader);
      await requireOwnReferences(deps.directory, accountId, { contactId: body.contact_id });
      const now = deps.clock();
      const row = await rejectingDuplicate(() =>
        repo.insert({
          id: deps.ids(),
          accountId,
          contactId: body.contact_id,
          channelType: body.channel_type,
          identifier: normalizeIdentifier(body.channel_type, body.identifier),
          displayName: body.display_name ?? null,
          metadata: body.metadata ?? {},
          createdAt: now,
          updatedAt: now,
        }),
      );
      return toContactIdentifierDto(row);
    },

    /** Re-pointing (`contact_id`) also moves the identity's active conversation, in one transaction. */
    async update(caller: Caller, id: string, body: UpdateContactIdentifierBody) {
      if (body.contact_id) {
        // Before the transaction (no row lock held while the Account API answers); an
        // identifier never changes account.
        const { accountId } = await find(caller, id);
        await requireOwnReferences(deps.directory, accountId, { contactId: body.contact_id });
      }
      const now = deps.clock();
      const row = await deps.db.transaction(async (tx) => {
        const current = await contactIdentifierRepo(tx).find(scope(caller), id, true);
        if (!current) throw notFound();
        const updated = await contactIdentifierRepo(tx).update(current.accountId, id, {
          contactId: body.contact_id,
          displayName: body.display_name,
          metadata: body.metadata,
          updatedAt: now,
        });
        if (body.contact_id && body.contact_id !== current.contactId) {
          const identity = {
            accountId: current.accountId,
            channelType: current.channelType,
            identifier: current.identifier,
          };
          await repointActiveConversations(tx, deps, identity, body.contact_id, caller.context.userId, now);
        }
        return updated;
      });
      return toContactIdentifierDto(row);
    },

    async remove(caller: Caller, id: string) {
      const row = await find(caller, id);
      requireRole(caller.context, row.accountId, ['admin', 'supervisor']);
      await repo.delete(row.accountId, id);
    },
  };
}
export type ContactIdentifierService = ReturnType<typeof createContactIdentifierService>;
