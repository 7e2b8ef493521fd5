import { accountForWrite, requireRole, scopedAccountIds } from '@turumba/platform/auth';
import { enqueue } from '@turumba/platform/outbox';
import type { ModuleDeps } from '../module-deps';
import type { Caller } from './caller';
import { toContactDto } from './dto';
import { ContactNotFound, rejectingDuplicates } from './errors';
import { contactCreatedEvent } from './events';
import { normalizeContactFields } from './fields';
import { contactListSql } from './list-contacts';
import { contactMergeRepo } from './merge-repo';
import { contactRepo } from './repo';
import type { CreateContactBody, ListContactsQuery, UpdateContactBody } from './schema';

export type ContactServiceDeps = Pick<ModuleDeps, 'db' | 'clock' | 'ids'>;

/** The contact CRUD use-cases of the public API (`/v1/contacts`). */
export function createContactService(deps: ContactServiceDeps) {
  const contacts = contactRepo(deps.db);

  async function findLive(caller: Caller, id: string) {
    const row = await contacts.find(scopedAccountIds(caller.context, caller.accountHeader), id);
    if (!row || row.mergedIntoId) throw new ContactNotFound();
    return row;
  }

  return {
    async listContacts(caller: Caller, query: ListContactsQuery) {
      const accountIds = scopedAccountIds(caller.context, caller.accountHeader);
      const { where, orderBy } = contactListSql(query);
      const { rows, total } = await contacts.list(accountIds, where, orderBy, query);
      return { data: rows.map(toContactDto), meta: { total, skip: query.skip, limit: query.limit } };
    },

    /** A merged contact's id answers its survivor; `followed_from` then names the id asked for. */
    async getContact(caller: Caller, id: string) {
      const row = await contacts.findSurvivor(scopedAccountIds(caller.context, caller.accountHeader), id);
      if (!row) throw new ContactNotFound();
      return { contact: toContactDto(row), followedFrom: row.id === id ? null : id };
    },

    async createContact(caller: Caller, body: CreateContactBody) {
      const accountId = accountForWrite(caller.context, caller.accountHeader);
      const fields = normalizeContactFields(body);
      const now = deps.clock();
      return deps.db.transaction(async (tx) => {
        const row = await rejectingDuplicates(() =>
          contactRepo(tx).insert({ id: deps.ids(), accountId, ...fields, createdAt: now, updatedAt: now }),
        );
        await enqueue(
          tx,
          contactCreatedEvent(row, { source: 'api', channel_type: null, identifier: null }, now),
        );
        return toContactDto(row);
      });
    },

    async updateContact(caller: Caller, id: string, body: UpdateContactBody) {
      const current = await findLive(caller, id);
      const fields = normalizeContactFields(body);
      const patch = { ...fields, updatedAt: deps.clock() };
      const row = await rejectingDuplicates(() => contacts.update(current.accountId, id, patch, true));
      if (!row) throw new ContactNotFound();
      return toContactDto(row);
    },

    /** Deletes the contact with the contacts merged into it and their merge history. */
    async deleteContact(caller: Caller, id: string) {
      const current = await findLive(caller, id);
      requireRole(caller.context, current.accountId, ['admin', 'supervisor']);
      await deps.db.transaction(async (tx) => {
        const family = await contactRepo(tx).familyIds(current.accountId, id);
        await contactMergeRepo(tx).deleteInvolving(current.accountId, family);
        await contactRepo(tx).deleteMany(current.accountId, family);
      });
    },
  };
}
export type ContactService = ReturnType<typeof createContactService>;
