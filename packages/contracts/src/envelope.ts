import { z } from 'zod';

/** Error codes of the response envelope (ARCHITECTURE.md §3). */
export const ErrorCode = z.enum([
  'bad_request',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'validation_error',
  'rate_limited',
  'internal_error',
  'service_unavailable',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ErrorBody = z.object({
  success: z.literal(false),
  error: ErrorCode,
  message: z.string(),
  details: z.record(z.string(), z.unknown()),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

export const ListMeta = z.object({
  total: z.number().int().nonnegative().optional(),
  skip: z.number().int().nonnegative(),
  limit: z.number().int().positive(),
  next_cursor: z.string().nullable().optional(),
});
export type ListMeta = z.infer<typeof ListMeta>;

/** `{success: true, data, message: null}` around a payload schema. */
export const itemEnvelope = <T extends z.ZodType>(data: T) =>
  z.object({ success: z.literal(true), data, message: z.string().nullable() });

/** `{success: true, data: [...], meta}` around an item schema. */
export const listEnvelope = <T extends z.ZodType>(item: T) =>
  z.object({ success: z.literal(true), data: z.array(item), meta: ListMeta });
