import type { InternalContactUpsertRequest } from '@turumba/contracts';
import type { Db } from '@turumba/platform/db';
import { and, eq } from 'drizzle-orm';
import type { AccountClient } from '../account-client';
import type { ChannelType, InboundSender } from '../channels/adapters';
import { contactIdentifiers } from '../contact-identifiers/tables';

export interface ResolvedContact {
  contactId: string;
  contactName: string | null;
}

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const phonePattern = /^\+?[0-9]{6,20}$/;

/**
 * What the Account API is told about a new sender. Phones (WhatsApp, SMS) and emails are the
 * keys it matches on, so one person writing on WhatsApp and by SMS becomes one contact.
 */
export function upsertRequestFor(
  accountId: string,
  channelType: ChannelType,
  sender: InboundSender,
): InternalContactUpsertRequest {
  const phone =
    sender.phone ?? (channelType === 'whatsapp' || channelType === 'sms' ? sender.identifier : undefined);
  const email = sender.email ?? (channelType === 'email' ? sender.identifier : undefined);
  const name = sender.display_name?.trim().slice(0, 200);
  return {
    account_id: accountId,
    channel_type: channelType,
    identifier: sender.identifier.slice(0, 320),
    phone: phone && phonePattern.test(phone) ? phone : undefined,
    email: email && emailPattern.test(email) && email.length <= 320 ? email.toLowerCase() : undefined,
    name: name || undefined,
  };
}

async function findIdentifier(db: Db, accountId: string, channelType: ChannelType, identifier: string) {
  const [row] = await db
    .select()
    .from(contactIdentifiers)
    .where(
      and(
        eq(contactIdentifiers.accountId, accountId),
        eq(contactIdentifiers.channelType, channelType),
        eq(contactIdentifiers.identifier, identifier),
      ),
    );
  return row;
}

/**
 * Sender → contact (spec §1.5): the local `contact_identifiers` row, or the Account API's
 * find-or-create and then a new identifier row (a concurrent insert of the same identifier
 * wins; we re-read it). Runs outside any transaction: an HTTP call must not hold one open.
 * Concurrent lookups of the same sender in this process share one call.
 */
export function createContactResolver(deps: { db: Db; accounts: AccountClient; clock: () => Date }) {
  const inFlight = new Map<string, Promise<ResolvedContact>>();

  async function resolve(accountId: string, channelType: ChannelType, sender: InboundSender) {
    const known = await findIdentifier(deps.db, accountId, channelType, sender.identifier);
    if (known) return { contactId: known.contactId, contactName: known.displayName };
    const { contact } = await deps.accounts.upsertContact(upsertRequestFor(accountId, channelType, sender));
    const now = deps.clock();
    const [inserted] = await deps.db
      .insert(contactIdentifiers)
      .values({
        accountId,
        contactId: contact.id,
        channelType,
        identifier: sender.identifier,
        displayName: contact.name ?? sender.display_name ?? null,
        metadata: sender.metadata,
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing()
      .returning();
    const row = inserted ?? (await findIdentifier(deps.db, accountId, channelType, sender.identifier));
    if (!row) throw new Error('contact identifier vanished after a conflicting insert');
    return { contactId: row.contactId, contactName: row.displayName };
  }

  return {
    resolveContact(
      accountId: string,
      channelType: ChannelType,
      sender: InboundSender,
    ): Promise<ResolvedContact> {
      const key = `${accountId}|${channelType}|${sender.identifier}`;
      let pending = inFlight.get(key);
      if (!pending) {
        pending = resolve(accountId, channelType, sender).finally(() => inFlight.delete(key));
        inFlight.set(key, pending);
      }
      return pending;
    },
  };
}
export type ContactResolver = ReturnType<typeof createContactResolver>;
