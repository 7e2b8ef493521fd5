import {
  type AgentPreferences,
  defaultAgentPreferences,
  type EffectiveAgentPreferences,
} from '@turumba/contracts';
import { findPgError, isUniqueViolation } from '@turumba/platform/db';
import { Conflict, Forbidden, NotFound } from '@turumba/platform/errors';
import type { ModuleDeps } from '../module-deps';
import { type AccessAction, decideAccess } from './access';
import { patchValues, toAgentPreferences } from './dto';
import { recordPreferenceChange, updateReason } from './events';
import { accountIdsOfUser } from './members-repo';
import {
  deletePreferences,
  findPreferences,
  insertDefaultsIfMissing,
  insertPreferences,
  lockPreferences,
  updatePreferences,
} from './repo';
import type { AgentPreferencesCreate, AgentPreferencesPatch } from './schema';

/** The signed-in user, with the accounts this request is scoped to (X-Account-Id narrows them). */
export interface Caller {
  userId: string;
  accountIds: string[];
  accountRoles: Record<string, string>;
}

const notFound = () => new NotFound('Agent preferences');

/** What a user without a preferences row is treated as: not stored, so no id or timestamps. */
const defaultsFor = (userId: string): EffectiveAgentPreferences => ({
  ...defaultAgentPreferences,
  available_channels: [],
  available_topics: [],
  languages: [],
  notification_preferences: { ...defaultAgentPreferences.notification_preferences },
  id: null,
  user_id: userId,
  created_at: null,
  updated_at: null,
});

/** A write for a user id that does not exist (possible only for "me"): 404, not a 500. */
function rethrowMissingUser(err: unknown): never {
  if (findPgError(err)?.code === '23503') throw new NotFound('User');
  throw err;
}

export function createAgentPreferencesService({ db, clock, ids }: Pick<ModuleDeps, 'db' | 'clock' | 'ids'>) {
  async function authorize(caller: Caller, targetId: string, action: AccessAction) {
    const sharedAccountIds =
      caller.userId === targetId ? [] : await accountIdsOfUser(db, targetId, caller.accountIds);
    const decision = decideAccess({
      callerId: caller.userId,
      callerRoles: caller.accountRoles,
      targetId,
      sharedAccountIds,
      action,
    });
    if (decision === 'not_found') throw notFound();
    if (decision === 'forbidden') {
      throw new Forbidden(
        action === 'read'
          ? "Reading another member's preferences needs the admin or supervisor role"
          : "Changing another member's preferences needs the admin role",
      );
    }
  }

  return {
    /**
     * The user's preferences; for one who never saved any, the defaults routing applies to them
     * (eligibility treats a missing row the same way), so a first read is not an error.
     */
    async get(caller: Caller, userId: string): Promise<EffectiveAgentPreferences> {
      await authorize(caller, userId, 'read');
      const row = await findPreferences(db, userId);
      return row ? toAgentPreferences(row) : defaultsFor(userId);
    },

    async create(caller: Caller, body: AgentPreferencesCreate): Promise<AgentPreferences> {
      const { user_id: userId, ...fields } = body;
      await authorize(caller, userId, 'write');
      const now = clock();
      try {
        return await db.transaction(async (tx) => {
          const defaults = defaultAgentPreferences.notification_preferences;
          const values = {
            ...patchValues(fields, defaults),
            id: ids(),
            userId,
            createdAt: now,
            updatedAt: now,
          };
          const preferences = toAgentPreferences(await insertPreferences(tx, values));
          await recordPreferenceChange(tx, { userId, reason: 'created', preferences, occurredAt: now });
          return preferences;
        });
      } catch (err) {
        if (isUniqueViolation(err, 'agent_preferences_user_uq')) {
          throw new Conflict('This user already has agent preferences; use PATCH to change them', {
            user_id: userId,
          });
        }
        return rethrowMissingUser(err);
      }
    },

    /** Updates the user's preferences, creating them with the spec defaults on first use. */
    async update(caller: Caller, userId: string, patch: AgentPreferencesPatch): Promise<AgentPreferences> {
      await authorize(caller, userId, 'write');
      const now = clock();
      return db
        .transaction(async (tx) => {
          // Insert-if-missing then lock: concurrent first PATCHes serialize on the one row.
          const created = await insertDefaultsIfMissing(tx, {
            id: ids(),
            userId,
            createdAt: now,
            updatedAt: now,
          });
          const current = (await lockPreferences(tx, userId))!;
          const values = { ...patchValues(patch, current.notificationPreferences), updatedAt: now };
          const preferences = toAgentPreferences(await updatePreferences(tx, userId, values));
          const reason = created ? 'created' : updateReason(current.isAvailable, preferences.is_available);
          await recordPreferenceChange(tx, { userId, reason, preferences, occurredAt: now });
          return preferences;
        })
        .catch(rethrowMissingUser);
    },

    async remove(caller: Caller, userId: string): Promise<void> {
      await authorize(caller, userId, 'write');
      const now = clock();
      await db.transaction(async (tx) => {
        if (!(await deletePreferences(tx, userId))) throw notFound();
        await recordPreferenceChange(tx, { userId, reason: 'deleted', preferences: null, occurredAt: now });
      });
    },
  };
}
export type AgentPreferencesService = ReturnType<typeof createAgentPreferencesService>;
