import { z } from 'zod';

/** The envelope of every domain event (ARCHITECTURE.md §6). */
export const EventEnvelope = z.object({
  event_id: z.uuid(),
  event_type: z.string().min(1),
  version: z.number().int().positive(),
  occurred_at: z.iso.datetime(),
  account_id: z.uuid().nullable(),
  aggregate_type: z.string().min(1),
  aggregate_id: z.string().min(1),
  data: z.record(z.string(), z.unknown()),
});
export type EventEnvelope = z.infer<typeof EventEnvelope>;
