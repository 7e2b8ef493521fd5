import { Contact } from '@turumba/contracts';
import { ListQuery } from '@turumba/platform/query';
import { z } from 'zod';
import { isWithinPropertiesLimit, MAX_PROPERTIES_BYTES } from './fields';

export { Contact };

const Name = z.string().trim().min(1).max(200);
/** Any international form; normalised to E.164 by the service (422 on `body.phone` if invalid). */
const Phone = z.string().trim().min(1).max(40);
const Email = z.email().max(320);
const Labels = z.array(z.string().trim().min(1).max(50)).max(50);
const Properties = z
  .record(z.string().min(1).max(100), z.unknown())
  .refine(isWithinPropertiesLimit, { message: `At most ${MAX_PROPERTIES_BYTES} bytes of JSON` });
/** Parses national phone numbers as numbers of this country (ISO 3166 alpha-2, e.g. ET). */
const DefaultCountry = z.string().regex(/^[A-Za-z]{2}$/, 'Two-letter country code');

export const CreateContactBody = z
  .object({
    name: Name.optional(),
    phone: Phone.optional(),
    email: Email.optional(),
    labels: Labels.optional(),
    properties: Properties.optional(),
    default_country: DefaultCountry.optional(),
  })
  .refine((b) => b.name || b.phone || b.email, {
    message: 'Give at least one of name, phone or email',
    path: ['name'],
  });
export type CreateContactBody = z.infer<typeof CreateContactBody>;

/** Null clears a field; `labels` and `properties` replace the stored ones. */
export const UpdateContactBody = z.object({
  name: Name.nullable().optional(),
  phone: Phone.nullable().optional(),
  email: Email.nullable().optional(),
  labels: Labels.optional(),
  properties: Properties.optional(),
  default_country: DefaultCountry.optional(),
});
export type UpdateContactBody = z.infer<typeof UpdateContactBody>;

export const ListContactsQuery = ListQuery.extend({
  /** Case-insensitive substring of name, phone or email. */
  q: z.string().trim().min(1).max(200).optional(),
});
export type ListContactsQuery = z.infer<typeof ListContactsQuery>;

export const ContactParams = z.object({ id: z.uuid() });

export const MergeContactBody = z.object({
  /** Merged into the contact of the path, which survives. */
  other_contact_id: z.uuid(),
});

/** Optional: without a body the latest merge into this contact that is not undone is undone. */
export const UnmergeContactBody = z
  .object({
    merge_id: z.uuid().optional(),
  })
  .nullish();

export const ContactMergeResult = z.object({
  merge_id: z.uuid(),
  survivor: Contact,
  merged: Contact,
});
export type ContactMergeResult = z.infer<typeof ContactMergeResult>;

export const ContactUnmergeResult = z.object({
  merge_id: z.uuid(),
  survivor: Contact,
  restored: Contact,
});
export type ContactUnmergeResult = z.infer<typeof ContactUnmergeResult>;
