import { z } from 'zod';

// Lenient: the documented samples are minimal and real updates carry many more fields.
export const TgUser = z.object({
  id: z.number(),
  is_bot: z.boolean().optional(),
  first_name: z.string().optional(),
  last_name: z.string().optional(),
  username: z.string().optional(),
  language_code: z.string().optional(),
});

export const TgChat = z.object({ id: z.number(), type: z.string().optional() });

const TgFile = z.object({
  file_id: z.string(),
  file_size: z.number().optional(),
  mime_type: z.string().optional(),
  file_name: z.string().optional(),
});

const TgButton = z.object({ text: z.string(), callback_data: z.string().optional() });

export const TgMessage = z.object({
  message_id: z.number(),
  date: z.number(),
  chat: TgChat,
  from: TgUser.optional(),
  text: z.string().optional(),
  caption: z.string().optional(),
  photo: z.array(TgFile).optional(),
  document: TgFile.optional(),
  voice: TgFile.optional(),
  audio: TgFile.optional(),
  video: TgFile.optional(),
  video_note: TgFile.optional(),
  animation: TgFile.optional(),
  sticker: TgFile.extend({ emoji: z.string().optional() }).optional(),
  location: z.object({ latitude: z.number(), longitude: z.number() }).optional(),
  contact: z
    .object({ phone_number: z.string(), first_name: z.string().optional(), last_name: z.string().optional() })
    .optional(),
  reply_to_message: z.object({ message_id: z.number() }).optional(),
  edit_date: z.number().optional(),
  reply_markup: z.object({ inline_keyboard: z.array(z.array(TgButton)) }).optional(),
});
export type TgMessage = z.infer<typeof TgMessage>;

export const TgCallbackQuery = z.object({
  id: z.string(),
  from: TgUser,
  data: z.string().optional(),
  /** Absent for buttons on inline-mode messages; then only `inline_message_id` is given. */
  message: z
    .object({ message_id: z.number(), chat: TgChat, reply_markup: TgMessage.shape.reply_markup })
    .optional(),
  inline_message_id: z.string().optional(),
});
export type TgCallbackQuery = z.infer<typeof TgCallbackQuery>;

export const TgUpdate = z.object({
  update_id: z.number(),
  message: TgMessage.optional(),
  edited_message: TgMessage.optional(),
  callback_query: TgCallbackQuery.optional(),
});

/** The Bot API response envelope ("Making requests"). */
export const TgResponse = z.object({
  ok: z.boolean(),
  result: z.unknown().optional(),
  description: z.string().optional(),
  error_code: z.number().optional(),
  parameters: z.object({ retry_after: z.number().optional() }).optional(),
});
