import { z } from 'zod';

/**
 * `data` of `conversation.typing` as this service reads it. The event comes with the routing
 * work (e.g. a bot or a provider's typing signal); until its contract lands, this is the minimum.
 */
export const TypingEventData = z.object({
  conversation_id: z.uuid(),
  user_id: z.string().nullable().default(null),
  sender_type: z.enum(['agent', 'contact']).default('contact'),
  is_typing: z.boolean().default(true),
  /** Set for webchat conversations, so the visitor sees it too. */
  channel_id: z.uuid().optional(),
  visitor_id: z.string().optional(),
});
export type TypingEventData = z.infer<typeof TypingEventData>;
