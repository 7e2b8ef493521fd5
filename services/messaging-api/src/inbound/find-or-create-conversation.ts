import type { ConversationStatus } from '@turumba/contracts';
import { type Db, isUniqueViolation } from '@turumba/platform/db';
import { and, desc, eq, notInArray, sql } from 'drizzle-orm';
import type { ChannelType } from '../channels/adapters';
import { onCustomerMessage } from '../conversations/status-machine';
import { accountSequences, conversations } from '../conversations/tables';

export interface ConversationTarget {
  accountId: string;
  channelId: string;
  channelType: ChannelType;
  contactId: string;
  contactIdentifier: string;
  contactName: string | null;
  /** Used only when a conversation is created (email subjects). */
  subject?: string | null;
}

export interface ConversationResolution {
  conversation: ConversationRow;
  isNew: boolean;
  /** The status before a customer message changed it (resolved → open, pending → assigned). */
  previousStatus: ConversationStatus | null;
}

export type ConversationRow = typeof conversations.$inferSelect;

const ACTIVE_SLOT = 'conversations_active_uq';
const inactive: ('resolved' | 'closed')[] = ['resolved', 'closed'];

/**
 * The next per-account display id ("#42"): an upsert on the account's sequence row, whose row
 * lock serialises concurrent creators of the account until their transactions end.
 */
export async function nextDisplayId(tx: Db, accountId: string, now: Date): Promise<number> {
  const [row] = await tx
    .insert(accountSequences)
    .values({ accountId, nextConversationDisplayId: 2, createdAt: now, updatedAt: now })
    .onConflictDoUpdate({
      target: accountSequences.accountId,
      set: {
        nextConversationDisplayId: sql`${accountSequences.nextConversationDisplayId} + 1`,
        updatedAt: now,
      },
    })
    .returning({ next: accountSequences.nextConversationDisplayId });
  return row!.next - 1;
}

/** The active conversation (locked), else the latest finished one of this contact on this channel. */
async function currentConversation(tx: Db, target: ConversationTarget): Promise<ConversationRow | undefined> {
  const slot = and(
    eq(conversations.channelId, target.channelId),
    eq(conversations.contactIdentifier, target.contactIdentifier),
  );
  const [active] = await tx
    .select()
    .from(conversations)
    .where(and(slot, notInArray(conversations.status, inactive)))
    .for('update');
  if (active) return active;
  const [latest] = await tx
    .select()
    .from(conversations)
    .where(
      and(eq(conversations.accountId, target.accountId), eq(conversations.contactId, target.contactId), slot),
    )
    .orderBy(desc(conversations.createdAt))
    .limit(1)
    .for('update');
  return latest;
}

/** Runs `write` in a savepoint; a clash on the active-conversation slot yields undefined. */
async function claimSlot<T>(tx: Db, write: (sp: Db) => Promise<T>): Promise<T | undefined> {
  try {
    return await tx.transaction(write);
  } catch (err) {
    if (isUniqueViolation(err, ACTIVE_SLOT)) return undefined;
    throw err;
  }
}

/**
 * Where a customer message lands (spec §1.1, ARCHITECTURE.md §5), race-free: concurrent
 * first messages all try to claim the partial unique index's slot; the losers' savepoints roll
 * back and they re-read the winner. A resolved conversation reopens as `open`, a pending one
 * goes back to `assigned`, a closed one is left alone and a new one starts. Call it inside the
 * transaction that stores the message; it locks the conversation row until that commits.
 */
export async function findOrCreateActiveConversation(
  tx: Db,
  target: ConversationTarget,
  now: Date,
  ids: () => string,
): Promise<ConversationResolution> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = await currentConversation(tx, target);
    const effect = current ? onCustomerMessage(current.status) : ({ kind: 'start_new' } as const);
    if (current && effect.kind === 'append') {
      if (effect.status === current.status)
        return { conversation: current, isNew: false, previousStatus: null };
      const changed = await claimSlot(tx, async (sp) => {
        const [row] = await sp
          .update(conversations)
          .set({ status: effect.status, resolvedAt: null, updatedAt: now })
          .where(eq(conversations.id, current.id))
          .returning();
        return row;
      });
      if (changed) return { conversation: changed, isNew: false, previousStatus: current.status };
      continue;
    }
    const created = await claimSlot(tx, async (sp) => {
      const [row] = await sp
        .insert(conversations)
        .values({
          id: ids(),
          accountId: target.accountId,
          displayId: await nextDisplayId(sp, target.accountId, now),
          channelId: target.channelId,
          channelType: target.channelType,
          contactId: target.contactId,
          contactIdentifier: target.contactIdentifier,
          contactName: target.contactName,
          status: 'open',
          subject: target.subject ?? null,
          lastMessageAt: now,
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      return row;
    });
    if (created) return { conversation: created, isNew: true, previousStatus: null };
  }
  throw new Error(`no conversation slot for ${target.channelId}/${target.contactIdentifier} after 5 tries`);
}
