import { requireRole, scopedAccountIds } from '@turumba/platform/auth';
import { BadRequest, Conflict, NotFound } from '@turumba/platform/errors';
import { enqueue } from '@turumba/platform/outbox';
import type { Caller } from './caller';
import { toContactDto } from './dto';
import { ContactNotFound, rejectingDuplicates } from './errors';
import { contactMergedEvent, contactUnmergedEvent } from './events';
import { contactState, type MergeSnapshot, mergeStates, unmergeSurvivor } from './merge-plan';
import { contactMergeRepo } from './merge-repo';
import { contactRepo } from './repo';
import type { ContactMergeResult, ContactUnmergeResult } from './schema';
import type { ContactServiceDeps } from './service';

const managers = ['admin', 'supervisor'] as const;

/** Merging two contacts into one and undoing it (admins and supervisors). */
export function createContactMergeService(deps: ContactServiceDeps) {
  /** The survivor's account, after the role check: 404 outside the caller's accounts. */
  async function survivorAccount(caller: Caller, survivorId: string) {
    const survivor = await contactRepo(deps.db).find(
      scopedAccountIds(caller.context, caller.accountHeader),
      survivorId,
    );
    if (!survivor) throw new ContactNotFound();
    requireRole(caller.context, survivor.accountId, managers);
    return survivor.accountId;
  }

  return {
    /** Merges `otherId` into `survivorId`: one transaction with the snapshot and `contact.merged`. */
    async mergeContacts(caller: Caller, survivorId: string, otherId: string): Promise<ContactMergeResult> {
      const accountId = await survivorAccount(caller, survivorId);
      if (otherId === survivorId) throw new BadRequest('A contact cannot be merged into itself');
      const now = deps.clock();
      return deps.db.transaction(async (tx) => {
        const contacts = contactRepo(tx);
        const locked = await contacts.lock(accountId, [survivorId, otherId]);
        const survivor = locked.find((c) => c.id === survivorId);
        const other = locked.find((c) => c.id === otherId);
        if (!survivor || !other) throw new ContactNotFound();
        if (survivor.mergedIntoId) throw new Conflict('This contact was merged into another one');
        if (other.mergedIntoId) throw new Conflict('The other contact is already merged');
        const snapshot: MergeSnapshot = { survivor: contactState(survivor), merged: contactState(other) };
        // Hide the merged contact first: it leaves the partial unique indexes, so the survivor may
        // take its phone and email without a violation.
        const merged = await contacts.update(accountId, otherId, {
          mergedIntoId: survivorId,
          updatedAt: now,
        });
        const kept = mergeStates(snapshot.survivor, snapshot.merged);
        const updated = await contacts.update(accountId, survivorId, { ...kept, updatedAt: now });
        const mergeId = deps.ids();
        const by = caller.context.userId;
        await contactMergeRepo(tx).insert({
          id: mergeId,
          accountId,
          survivorId,
          mergedId: otherId,
          snapshot,
          mergedBy: by,
          now,
        });
        const data = { survivor_id: survivorId, merged_id: otherId, merge_id: mergeId };
        await enqueue(tx, contactMergedEvent(accountId, data, now));
        return { merge_id: mergeId, survivor: toContactDto(updated!), merged: toContactDto(merged!) };
      });
    },

    /**
     * Undoes the given (default: latest) merge into `survivorId`: takes back from the survivor what
     * the merge brought (keeping later edits), then makes the merged contact live again as it was.
     */
    async unmergeContact(
      caller: Caller,
      survivorId: string,
      mergeId?: string,
    ): Promise<ContactUnmergeResult> {
      const accountId = await survivorAccount(caller, survivorId);
      const now = deps.clock();
      return deps.db.transaction(async (tx) => {
        const merges = contactMergeRepo(tx);
        const merge = await merges.findActive(accountId, survivorId, mergeId);
        if (!merge && mergeId) throw new NotFound('Merge');
        if (!merge) throw new Conflict('This contact has no merge to undo');
        const contacts = contactRepo(tx);
        const locked = await contacts.lock(accountId, [survivorId, merge.mergedId]);
        const survivor = locked.find((c) => c.id === survivorId);
        const merged = locked.find((c) => c.id === merge.mergedId);
        if (!survivor || !merged) throw new ContactNotFound();
        if (survivor.mergedIntoId)
          throw new Conflict('This contact was merged into another one: unmerge that first');
        const snapshot = merge.snapshot as unknown as MergeSnapshot;
        // Clear what the survivor borrowed before the merged contact takes its phone/email back.
        const kept = unmergeSurvivor(contactState(survivor), snapshot);
        const updated = await contacts.update(accountId, survivorId, { ...kept, updatedAt: now });
        const restored = await rejectingDuplicates(() =>
          contacts.update(accountId, merged.id, { ...snapshot.merged, mergedIntoId: null, updatedAt: now }),
        );
        await merges.markUndone(accountId, merge.id, caller.context.userId, now);
        const data = { survivor_id: survivorId, restored_id: merged.id, merge_id: merge.id };
        await enqueue(tx, contactUnmergedEvent(accountId, data, now));
        return { merge_id: merge.id, survivor: toContactDto(updated!), restored: toContactDto(restored!) };
      });
    },
  };
}
export type ContactMergeService = ReturnType<typeof createContactMergeService>;
