import { ChannelType } from '@turumba/contracts';
import { ListQuery } from '@turumba/platform/query';
import { z } from 'zod';

/** A contact's identity on one platform (spec §1.5), as the API returns it. */
export const ContactIdentifierDto = z.object({
  id: z.uuid(),
  account_id: z.uuid(),
  contact_id: z.uuid(),
  channel_type: ChannelType,
  identifier: z.string(),
  display_name: z.string().nullable(),
  metadata: z.record(z.string(), z.unknown()),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
});
export type ContactIdentifierDto = z.infer<typeof ContactIdentifierDto>;

export const CreateContactIdentifierBody = z.object({
  contact_id: z.uuid(),
  channel_type: ChannelType,
  identifier: z.string().trim().min(1).max(320),
  display_name: z.string().trim().min(1).max(200).nullish(),
  metadata: z.record(z.string(), z.unknown()).optional(),
});
export type CreateContactIdentifierBody = z.infer<typeof CreateContactIdentifierBody>;

export const UpdateContactIdentifierBody = z
  .object({
    /** Re-points the identity (and its active conversation) to another contact. */
    contact_id: z.uuid().optional(),
    display_name: z.string().trim().min(1).max(200).nullable().optional(),
    metadata: z.record(z.string(), z.unknown()).optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), 'Nothing to update');
export type UpdateContactIdentifierBody = z.infer<typeof UpdateContactIdentifierBody>;

export const ListContactIdentifiersQuery = ListQuery.extend({
  contact_id: z.uuid().optional(),
  channel_type: ChannelType.optional(),
  /** Substring of the identifier or display name. */
  q: z.string().trim().min(1).max(200).optional(),
});
export type ListContactIdentifiersQuery = z.infer<typeof ListContactIdentifiersQuery>;

export const IdParams = z.object({ id: z.uuid() });
