import { z } from 'zod';

const repeatable = z.union([z.string(), z.array(z.string())]).optional();

/** `?filter=&sort=&skip=&limit=` of every list endpoint (ARCHITECTURE.md §3). */
export const ListQuery = z.object({
  filter: repeatable,
  sort: repeatable,
  skip: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type ListQuery = z.infer<typeof ListQuery>;
