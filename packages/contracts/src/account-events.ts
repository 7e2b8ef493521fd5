import { z } from 'zod';
import { Contact, ContactChannelType } from './internal-contacts';

/*
 * `data` of the contact and team events the Account API writes to its outbox (ARCHITECTURE.md §6).
 * The envelope's `account_id` is the contact's or team's account.
 */

export const CONTACT_CREATED = 'contact.created';
export const CONTACT_MERGED = 'contact.merged';
export const CONTACT_UNMERGED = 'contact.unmerged';

/** `contact.created` (aggregate `contact`): by the public API or by an internal upsert. */
export const ContactCreatedData = z.object({
  contact: Contact,
  source: z.enum(['api', 'upsert']),
  /** The channel identity that caused an upsert to create the contact, when given. */
  channel_type: ContactChannelType.nullable(),
  identifier: z.string().nullable(),
});
export type ContactCreatedData = z.infer<typeof ContactCreatedData>;

/**
 * `contact.merged` (aggregate `contact`, id = survivor): `merged_id` now points to the survivor,
 * so consumers re-point its identifiers and conversations to `survivor_id`.
 */
export const ContactMergedData = z.object({
  survivor_id: z.uuid(),
  merged_id: z.uuid(),
  merge_id: z.uuid(),
});
export type ContactMergedData = z.infer<typeof ContactMergedData>;

/**
 * `contact.unmerged` (aggregate `contact`, id = survivor): the merge `merge_id` was undone and
 * `restored_id` is a live contact again. Consumers may move back what they re-pointed for it.
 */
export const ContactUnmergedData = z.object({
  survivor_id: z.uuid(),
  restored_id: z.uuid(),
  merge_id: z.uuid(),
});
export type ContactUnmergedData = z.infer<typeof ContactUnmergedData>;

/**
 * `data` of the `agent.preference.updated` event the Account API emits for every team membership
 * change (added, role changed, removed, team deleted), so routing refreshes the user's cached
 * eligibility for `team_id`. Told apart from preference edits by `reason`.
 */
export const TeamMembershipChangedData = z.object({
  user_id: z.uuid(),
  account_id: z.uuid(),
  team_id: z.uuid(),
  reason: z.literal('team_membership_changed'),
  change: z.enum(['added', 'role_changed', 'removed']),
  /** The membership role after the change; null once removed. */
  role: z.enum(['member', 'lead']).nullable(),
});
export type TeamMembershipChangedData = z.infer<typeof TeamMembershipChangedData>;

/**
 * `auth.session.ended` (aggregate `user`, no account): a sign-in was logged out or revoked, and
 * the access tokens it issued are refused from now on. `session_id` is the tokens' `sid` (the
 * refresh-token family); null means every sign-in of the user. Realtime closes the sockets
 * opened with those tokens.
 */
export const SESSION_ENDED = 'auth.session.ended';
export const SessionEndedData = z.object({
  user_id: z.uuid(),
  session_id: z.uuid().nullable(),
  reason: z.enum(['logout', 'refresh_token_reuse', 'user_inactive']),
});
export type SessionEndedData = z.infer<typeof SessionEndedData>;
