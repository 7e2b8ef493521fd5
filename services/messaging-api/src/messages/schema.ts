import { ListMeta, Message, MessageAttachment } from '@turumba/contracts';
import { z } from 'zod';

/** An agent reply, or with `is_private` an internal note that never reaches the customer. */
export const CreateMessageBody = z
  .object({
    content: z.string().max(10_000).default(''),
    is_private: z.boolean().default(false),
    attachments: z.array(MessageAttachment).max(10).default([]),
    /** Recorded in metadata; render it first with POST /v1/canned-responses/{id}/render. */
    canned_response_id: z.uuid().optional(),
    /** A provider template to send instead of free text (WhatsApp outside the 24-hour window). */
    template_id: z.uuid().optional(),
  })
  .refine(
    (b) => b.content.trim() !== '' || b.attachments.length > 0 || b.template_id !== undefined,
    'A message needs content, an attachment or a template',
  );
export type CreateMessageBody = z.infer<typeof CreateMessageBody>;

/** `before`/`after` take `meta.older_cursor`/`meta.newer_cursor`; neither gives the latest messages. */
export const ThreadQuery = z
  .object({
    before: z.string().min(1).max(500).optional(),
    after: z.string().min(1).max(500).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .refine((q) => !(q.before && q.after), 'Give before or after, not both');
export type ThreadQuery = z.infer<typeof ThreadQuery>;

export const ThreadMeta = ListMeta.extend({
  /** Pass as `?before=` to load older messages; null when there are none. */
  older_cursor: z.string().nullable(),
  /** Pass as `?after=` to load (or poll for) newer messages. */
  newer_cursor: z.string().nullable(),
});

export const ThreadEnvelope = z.object({
  success: z.literal(true),
  data: z.array(Message),
  meta: ThreadMeta,
});

export const ReadReceipt = z.object({
  conversation_id: z.uuid(),
  user_id: z.uuid(),
  last_read_at: z.iso.datetime(),
});
