import { Conversation, ConversationPriority, ConversationStatus, Message } from '@turumba/contracts';
import { ListQuery } from '@turumba/platform/query';
import { z } from 'zod';
import { ContactIdentifierDto } from '../contact-identifiers/schema';

/** Labels are trimmed, lower-cased slugs; duplicates collapse. */
export const Labels = z
  .array(z.string().trim().toLowerCase().min(1).max(50))
  .max(20)
  .transform((labels) => [...new Set(labels)]);

const splitComma = (value: string) =>
  value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);

/** `a,b,c` → a validated array of 1–50 items. */
const commaList = <T extends z.ZodType<string>>(item: T) =>
  z
    .string()
    .transform(splitComma)
    .pipe(z.array(item).min(1).max(50) as unknown as z.ZodType<z.output<T>[], string[]>);

export const InboxQuery = ListQuery.extend({
  status: commaList(ConversationStatus).optional(),
  assignee_id: z.union([z.literal('me'), z.uuid()]).optional(),
  team_id: z.uuid().optional(),
  channel_id: z.uuid().optional(),
  contact_id: z.uuid().optional(),
  priority: commaList(ConversationPriority).optional(),
  /** Conversations carrying every listed label. */
  labels: commaList(z.string().trim().toLowerCase().max(50)).optional(),
  unassigned: z.enum(['true', 'false']).optional(),
  /** Text search over subject, contact name and identifier, and message text. */
  q: z.string().trim().min(1).max(200).optional(),
  /** `meta.next_cursor` of the previous page; `skip` is then ignored. */
  cursor: z.string().min(1).max(1000).optional(),
});
export type InboxQuery = z.infer<typeof InboxQuery>;

export const InboxConversation = Conversation.extend({
  /** Customer messages after the viewer's last read. */
  unread_count: z.number().int().nonnegative(),
});
export type InboxConversation = z.infer<typeof InboxConversation>;

export const ConversationDetail = InboxConversation.extend({
  /** The latest messages (up to 20), oldest first; older ones via GET .../messages?before=. */
  messages: z.array(Message),
  /** The contact's identities on every channel. */
  contact_identifiers: z.array(ContactIdentifierDto),
});

export const InboxCounts = z.object({
  mine: z.number().int(),
  unassigned: z.number().int(),
  team: z.number().int(),
  all: z.number().int(),
  by_status: z.record(ConversationStatus, z.number().int()),
});
export type InboxCounts = z.infer<typeof InboxCounts>;

export const CreateConversationBody = z.object({
  channel_id: z.uuid(),
  contact_identifier: z.string().trim().min(1).max(320),
  contact_id: z.uuid().nullish(),
  contact_name: z.string().trim().min(1).max(200).nullish(),
  subject: z.string().trim().max(255).nullish(),
  priority: ConversationPriority.optional(),
  team_id: z.uuid().nullish(),
  labels: Labels.optional(),
});
export type CreateConversationBody = z.infer<typeof CreateConversationBody>;

export const UpdateConversationBody = z
  .object({
    status: ConversationStatus.optional(),
    assignee_id: z.uuid().nullable().optional(),
    team_id: z.uuid().nullable().optional(),
    priority: ConversationPriority.optional(),
    labels: Labels.optional(),
    subject: z.string().trim().max(255).nullable().optional(),
  })
  .refine((body) => Object.values(body).some((v) => v !== undefined), 'Nothing to update');
export type UpdateConversationBody = z.infer<typeof UpdateConversationBody>;

export const AssignBody = z
  .object({ assignee_id: z.uuid().nullable().optional(), team_id: z.uuid().nullable().optional() })
  .refine((b) => b.assignee_id !== undefined || b.team_id !== undefined, 'Give assignee_id or team_id');
export type AssignBody = z.infer<typeof AssignBody>;

export const ConversationParams = z.object({ id: z.uuid() });
