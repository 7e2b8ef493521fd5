import { z } from 'zod';

/** `?skip=&limit=` with the defaults of ARCHITECTURE.md §3 (limit 100, max 500). */
export const PageQuery = z.object({
  skip: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type PageQuery = z.infer<typeof PageQuery>;
