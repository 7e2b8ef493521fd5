import { z } from 'zod';
import { itemEnvelope } from './envelope';

/*
 * The contact record of the Account API and its service-to-service routes (ARCHITECTURE.md §4,
 * spec §6): the Messaging API resolves every inbound sender to a contact through
 * `POST /internal/contacts/upsert` and reads one with `GET /internal/contacts/{id}?account_id=`,
 * both with `X-Service-Token`. Responses use the usual `{success, data, message}` envelope.
 */

/** Where a contact's identity came from (the channel types of ARCHITECTURE.md §7). */
export const ContactChannelType = z.enum(['telegram', 'whatsapp', 'messenger', 'sms', 'email', 'webchat']);
export type ContactChannelType = z.infer<typeof ContactChannelType>;

/** A contact as every API returns it. `merged_into_id` is null for live contacts. */
export const Contact = z.object({
  id: z.uuid(),
  account_id: z.uuid(),
  name: z.string().nullable(),
  /** E.164, e.g. `+251911234567`. */
  phone: z.string().nullable(),
  /** Lower-cased. */
  email: z.string().nullable(),
  labels: z.array(z.string()),
  properties: z.record(z.string(), z.unknown()),
  merged_into_id: z.uuid().nullable(),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
});
export type Contact = z.infer<typeof Contact>;

/**
 * `POST /internal/contacts/upsert`: finds the live contact by the strongest key given (phone,
 * then email), else the survivor of a merged contact that held that key, or creates one. For `whatsapp`/`sms` a phone-like `identifier` counts as the phone
 * and for `email` the identifier counts as the email when those fields are absent. Missing
 * name/phone/email/properties of a found contact are filled in, never overwritten. Null is the
 * same as absent.
 */
export const InternalContactUpsertRequest = z.object({
  account_id: z.uuid(),
  /** International format (`+2519...`, or digits with country code for WhatsApp ids). */
  phone: z.string().trim().min(1).max(40).nullish(),
  email: z.email().max(320).nullish(),
  name: z.string().trim().min(1).max(200).nullish(),
  channel_type: ContactChannelType.nullish(),
  /** The sender's id on that channel: phone, Telegram user id, PSID, email, webchat visitor id. */
  identifier: z.string().trim().min(1).max(320).nullish(),
  properties: z.record(z.string(), z.unknown()).nullish(),
});
export type InternalContactUpsertRequest = z.infer<typeof InternalContactUpsertRequest>;

export const InternalContactUpsertResult = z.object({
  contact: Contact,
  /** True when this call created the contact (and `contact.created` was emitted). */
  created: z.boolean(),
});
export type InternalContactUpsertResult = z.infer<typeof InternalContactUpsertResult>;

/** The whole response body of `POST /internal/contacts/upsert` (200 found, 201 created). */
export const InternalContactUpsertResponse = itemEnvelope(InternalContactUpsertResult);
export type InternalContactUpsertResponse = z.infer<typeof InternalContactUpsertResponse>;

/** `GET /internal/contacts/{id}?account_id=`: answers the survivor when `id` was merged. */
export const InternalContactQuery = z.object({ account_id: z.uuid() });
export type InternalContactQuery = z.infer<typeof InternalContactQuery>;

export const InternalContactResponse = itemEnvelope(Contact);
export type InternalContactResponse = z.infer<typeof InternalContactResponse>;
