import type { InternalContactUpsertRequest, InternalContactUpsertResult } from '@turumba/contracts';
import { findPgError, isUniqueViolation } from '@turumba/platform/db';
import { NotFound, ServiceUnavailable } from '@turumba/platform/errors';
import { enqueue } from '@turumba/platform/outbox';
import { z } from 'zod';
import { toContactDto } from './dto';
import { contactCreatedEvent } from './events';
import { type ContactFields, normalizeContactFields } from './fields';
import { phoneFromIdentifier } from './phone';
import { type ContactRow, contactRepo } from './repo';
import type { ContactServiceDeps } from './service';

const FOREIGN_KEY_VIOLATION = '23503';
const MAX_ATTEMPTS = 5;

/**
 * The keys of an upsert: explicit fields (422 when invalid), else what the channel identifier
 * says: a WhatsApp/SMS sender id is a phone, an email sender id an email address.
 */
export function upsertFields(input: InternalContactUpsertRequest): ContactFields {
  const fields = normalizeContactFields({
    name: input.name ?? undefined,
    phone: input.phone ?? undefined,
    email: input.email ?? undefined,
    properties: input.properties ?? undefined,
  });
  const { channel_type: channel, identifier } = input;
  if (!fields.phone && identifier && (channel === 'whatsapp' || channel === 'sms')) {
    fields.phone = phoneFromIdentifier(identifier);
  }
  if (!fields.email && identifier && channel === 'email' && z.email().safeParse(identifier.trim()).success) {
    fields.email = identifier.trim().toLowerCase();
  }
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v != null)) as ContactFields;
}

/** Find-or-create of the contact behind a channel identity (`POST /internal/contacts/upsert`). */
export function createContactUpsertService(deps: ContactServiceDeps) {
  const contacts = contactRepo(deps.db);

  /**
   * The live contact holding the phone, else the email; else the survivor of a merged contact that
   * held them (a merged-away WhatsApp number must not come back as a new contact over SMS).
   */
  async function findByKeys(accountId: string, fields: ContactFields) {
    const keys = (['phone', 'email'] as const).filter((key) => fields[key]);
    for (const key of keys) {
      const live = await contacts.findLiveBy(accountId, key, fields[key]!);
      if (live) return live;
    }
    for (const key of keys) {
      const merged = await contacts.findMergedBy(accountId, key, fields[key]!);
      const survivor = merged && (await contacts.findSurvivor([accountId], merged.id));
      if (survivor) return survivor;
    }
    return undefined;
  }

  /** Fills what the found contact lacks; a phone/email another contact holds stays with that one. */
  async function fillMissing(found: ContactRow, fields: ContactFields): Promise<ContactRow> {
    const now = deps.clock();
    try {
      return (await contacts.fillMissing(found.accountId, found.id, fields, now)) ?? found;
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      const { phone: _phone, email: _email, ...rest } = fields;
      return (await contacts.fillMissing(found.accountId, found.id, rest, now)) ?? found;
    }
  }

  /** Creates the contact unless a concurrent upsert took its phone/email first (then undefined). */
  async function createUnlessTaken(
    accountId: string,
    fields: ContactFields,
    input: InternalContactUpsertRequest,
  ) {
    const now = deps.clock();
    try {
      return await deps.db.transaction(async (tx) => {
        const row = { id: deps.ids(), accountId, ...fields, createdAt: now, updatedAt: now };
        const created = await contactRepo(tx).insertUnlessTaken(row);
        if (!created) return undefined;
        const source = {
          source: 'upsert' as const,
          channel_type: input.channel_type ?? null,
          identifier: input.identifier ?? null,
        };
        await enqueue(tx, contactCreatedEvent(created, source, now));
        return created;
      });
    } catch (err) {
      if (findPgError(err)?.code === FOREIGN_KEY_VIOLATION) throw new NotFound('Account');
      throw err;
    }
  }

  return {
    /**
     * Race-free: the partial unique indexes on (account, phone) and (account, email) let only one
     * of concurrent creates insert; the others insert nothing and find the winner on the next pass.
     */
    async upsertContact(input: InternalContactUpsertRequest): Promise<InternalContactUpsertResult> {
      const fields = upsertFields(input);
      for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
        const found = await findByKeys(input.account_id, fields);
        if (found) return { contact: toContactDto(await fillMissing(found, fields)), created: false };
        const created = await createUnlessTaken(input.account_id, fields, input);
        if (created) return { contact: toContactDto(created), created: true };
      }
      // Only reachable if the winner is merged or deleted between every insert and re-read.
      throw new ServiceUnavailable('The contact changed concurrently; retry', 1);
    },

    /** The contact for the Messaging API, following merges to the survivor. */
    async getContactForService(accountId: string, id: string) {
      const row = await contacts.findSurvivor([accountId], id);
      if (!row) throw new NotFound('Contact');
      return toContactDto(row);
    },
  };
}
export type ContactUpsertService = ReturnType<typeof createContactUpsertService>;
