import { AgentChannel, ScheduleDay } from '@turumba/contracts';
import { ListQuery } from '@turumba/platform/query';
import { z } from 'zod';
import { isIso6391Code } from './languages';
import { isIanaTimeZone } from './time-zones';

/*
 * Request bodies, stricter than the contract DTO: unknown fields are rejected, every value is
 * checked against its list, and errors name the field (`body.available_hours.schedule.0.end`).
 *
 * Times are "HH:MM" on a 24-hour clock. `start` is 00:00–23:59; `end` is 00:00–24:00, where
 * "24:00" means the end of the day (so "18:00"–"24:00" needs no overnight slot). `end` must differ
 * from `start`; an `end` earlier than `start` runs overnight ("22:00"–"06:00").
 */

const clockTime = /^(?:[01]\d|2[0-3]):[0-5]\d$/;
const endTime = /^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/;
const topicSlug = /^[a-z0-9][a-z0-9_-]{0,39}$/;

function distinct<T extends z.ZodType>(item: T, max: number) {
  return z
    .array(item)
    .max(max)
    .refine((items) => new Set(items).size === items.length, { error: 'must not repeat a value' });
}

const Topic = z.string().regex(topicSlug, {
  error: 'must be a slug: 1–40 of a-z, 0-9, _ and -, starting with a letter or digit',
});

const Language = z.string().refine(isIso6391Code, {
  error: (issue) => `${JSON.stringify(issue.input)} is not an ISO 639-1 language code (such as en, am)`,
});

const TimeZone = z.string().refine(isIanaTimeZone, {
  error: (issue) => `${JSON.stringify(issue.input)} is not an IANA time zone (such as Africa/Addis_Ababa)`,
});

const ScheduleSlotInput = z
  .strictObject({
    days: distinct(ScheduleDay, 7).min(1),
    start: z.string().regex(clockTime, { error: 'must be HH:MM from 00:00 to 23:59' }),
    end: z.string().regex(endTime, { error: 'must be HH:MM from 00:00 to 24:00' }),
  })
  .refine((slot) => slot.start !== slot.end, { error: 'must differ from start', path: ['end'] });

const WeeklyScheduleInput = z.strictObject({
  schedule: z.array(ScheduleSlotInput).min(1).max(28),
  timezone: TimeZone,
});

/** PATCH body: every field optional; notification_preferences merges into the stored ones. */
export const AgentPreferencesPatch = z.strictObject({
  available_channels: distinct(AgentChannel, AgentChannel.options.length).optional(),
  available_topics: distinct(Topic, 50).optional(),
  /** null: available at any hour. Replaces the whole schedule. */
  available_hours: WeeklyScheduleInput.nullable().optional(),
  languages: distinct(Language, 50).optional(),
  max_concurrent_conversations: z.number().int().min(1).max(50).optional(),
  is_available: z.boolean().optional(),
  auto_accept: z.boolean().optional(),
  notification_preferences: z
    .strictObject({
      sound: z.boolean().optional(),
      desktop: z.boolean().optional(),
      email_on_assignment: z.boolean().optional(),
    })
    .optional(),
});
export type AgentPreferencesPatch = z.infer<typeof AgentPreferencesPatch>;

/** POST body (admins): the user plus any fields; the rest take the spec defaults. */
export const AgentPreferencesCreate = AgentPreferencesPatch.extend({ user_id: z.uuid() });
export type AgentPreferencesCreate = z.infer<typeof AgentPreferencesCreate>;

export const UserIdParams = z.object({ user_id: z.uuid() });

const repeatable = z.union([z.string(), z.array(z.string())]).optional();

/** The spec's shorthand (`?is_available=true&available_topics=billing`) beside `filter=`. */
export const shorthandFilterOps = {
  is_available: 'eq',
  auto_accept: 'eq',
  user_id: 'eq',
  max_concurrent_conversations: 'eq',
  available_channels: 'contains',
  available_topics: 'contains',
  languages: 'contains',
} as const;

export const AgentPreferencesListQuery = ListQuery.extend(
  Object.fromEntries(Object.keys(shorthandFilterOps).map((field) => [field, repeatable])) as Record<
    keyof typeof shorthandFilterOps,
    typeof repeatable
  >,
);
export type AgentPreferencesListQuery = z.infer<typeof AgentPreferencesListQuery>;
