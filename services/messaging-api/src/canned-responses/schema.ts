import { ListQuery } from '@turumba/platform/query';
import { z } from 'zod';

/** `/greeting` or `greeting`: stored lower case without the slash; letters, digits, `_` and `-`. */
export const ShortCode = z
  .string()
  .trim()
  .toLowerCase()
  .transform((code) => code.replace(/^\/+/, ''))
  .pipe(
    z
      .string()
      .min(1)
      .max(50)
      .regex(/^[a-z0-9][a-z0-9_-]*$/, 'Use letters, digits, _ and - (an optional leading /)'),
  );

export const CannedResponseDto = z.object({
  id: z.uuid(),
  account_id: z.uuid(),
  short_code: z.string(),
  title: z.string(),
  content: z.string(),
  category: z.string().nullable(),
  created_by: z.uuid(),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
});
export type CannedResponseDto = z.infer<typeof CannedResponseDto>;

const Category = z.string().trim().toLowerCase().min(1).max(50);

export const CreateCannedResponseBody = z.object({
  short_code: ShortCode,
  title: z.string().trim().min(1).max(200),
  content: z.string().trim().min(1).max(10_000),
  category: Category.nullish(),
});
export type CreateCannedResponseBody = z.infer<typeof CreateCannedResponseBody>;

export const UpdateCannedResponseBody = z
  .object({
    short_code: ShortCode.optional(),
    title: z.string().trim().min(1).max(200).optional(),
    content: z.string().trim().min(1).max(10_000).optional(),
    category: Category.nullable().optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), 'Nothing to update');
export type UpdateCannedResponseBody = z.infer<typeof UpdateCannedResponseBody>;

export const ListCannedResponsesQuery = ListQuery.extend({
  category: Category.optional(),
  /** Substring of the title or short code (a leading `/` is ignored). */
  q: z.string().trim().min(1).max(100).optional(),
});
export type ListCannedResponsesQuery = z.infer<typeof ListCannedResponsesQuery>;

export const RenderBody = z.object({
  conversation_id: z.uuid(),
  /** The agent's display name (the gateway forwards no names); looked up when absent. */
  agent_name: z.string().trim().min(1).max(200).optional(),
});
export type RenderBody = z.infer<typeof RenderBody>;

export const RenderedDto = z.object({
  content: z.string(),
  missing: z.array(z.string()),
  unknown: z.array(z.string()),
  /** True when every placeholder was filled. */
  is_complete: z.boolean(),
});

export const IdParams = z.object({ id: z.uuid() });
