import { Conversation, PageQuery } from '@turumba/contracts';
import { z } from 'zod';

export const QueueQuery = PageQuery.extend({ team_id: z.uuid().optional() });
export type QueueQuery = z.infer<typeof QueueQuery>;

/** One waiting conversation and where it stands. */
export const QueueItem = z.object({
  /** 1-based, within its team's queue (team_id null: the account's general queue). */
  position: z.number().int(),
  /** 1-based, across the whole account's queue. */
  account_position: z.number().int(),
  waiting_seconds: z.number().int(),
  conversation: Conversation,
});
export type QueueItem = z.infer<typeof QueueItem>;
