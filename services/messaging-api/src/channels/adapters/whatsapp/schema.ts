import { z } from 'zod';

// Only the fields we read; Meta adds fields without notice, so everything else passes through.
export const WaMedia = z.object({
  id: z.string().optional(),
  link: z.string().optional(),
  mime_type: z.string().optional(),
  caption: z.string().optional(),
  filename: z.string().optional(),
  /** Audio recorded in WhatsApp (push-to-talk) rather than an attached audio file. */
  voice: z.boolean().optional(),
});
export type WaMedia = z.infer<typeof WaMedia>;

export const WaMessage = z.object({
  /** The customer's wa_id (phone digits, no '+'); may become "" for username adopters (BSUID). */
  from: z.string().optional(),
  from_user_id: z.string().optional(),
  id: z.string(),
  timestamp: z.string(),
  type: z.string(),
  context: z
    .object({
      from: z.string().optional(),
      id: z.string().optional(),
      referred_product: z.unknown().optional(),
    })
    .loose()
    .optional(),
  text: z.object({ body: z.string() }).optional(),
  image: WaMedia.optional(),
  video: WaMedia.optional(),
  audio: WaMedia.optional(),
  document: WaMedia.optional(),
  sticker: WaMedia.optional(),
  location: z
    .object({
      latitude: z.number(),
      longitude: z.number(),
      name: z.string().optional(),
      address: z.string().optional(),
      url: z.string().optional(),
    })
    .optional(),
  interactive: z
    .object({
      type: z.string(),
      button_reply: z.object({ id: z.string(), title: z.string() }).optional(),
      list_reply: z.object({ id: z.string(), title: z.string() }).optional(),
    })
    .optional(),
  /** A quick-reply button of a template message. */
  button: z.object({ payload: z.string().optional(), text: z.string().optional() }).optional(),
  reaction: z.object({ message_id: z.string().optional(), emoji: z.string().optional() }).optional(),
  contacts: z
    .array(z.object({ name: z.object({ formatted_name: z.string().optional() }).optional() }))
    .optional(),
});
export type WaMessage = z.infer<typeof WaMessage>;

export const WaStatus = z.object({
  id: z.string(),
  status: z.string(),
  timestamp: z.string(),
  recipient_id: z.string().optional(),
  errors: z
    .array(
      z.object({
        code: z.number(),
        title: z.string().optional(),
        message: z.string().optional(),
        error_data: z.object({ details: z.string().optional() }).optional(),
      }),
    )
    .optional(),
});
export type WaStatus = z.infer<typeof WaStatus>;

export const WaValue = z.object({
  metadata: z
    .object({ display_phone_number: z.string().optional(), phone_number_id: z.string().optional() })
    .optional(),
  contacts: z
    .array(
      z.object({
        wa_id: z.string().optional(),
        user_id: z.string().optional(),
        profile: z.object({ name: z.string().optional() }).optional(),
      }),
    )
    .optional(),
  messages: z.array(WaMessage).optional(),
  statuses: z.array(WaStatus).optional(),
});
export type WaValue = z.infer<typeof WaValue>;

export const WaWebhook = z.object({
  object: z.string(),
  entry: z.array(
    z.object({
      id: z.string().optional(),
      changes: z.array(z.object({ field: z.string(), value: z.unknown() })),
    }),
  ),
});
