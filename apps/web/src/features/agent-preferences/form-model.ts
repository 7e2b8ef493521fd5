import type { AgentChannel, EffectiveAgentPreferences, ScheduleDay, ScheduleSlot } from '@turumba/contracts';
import type { AgentPreferencesPatch } from './api';

export const allChannels: readonly AgentChannel[] = [
  'telegram',
  'whatsapp',
  'messenger',
  'sms',
  'email',
  'webchat',
];
export const allDays: readonly ScheduleDay[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** What the preferences form edits; lists as typed text until saved. */
export interface PreferencesForm {
  channels: AgentChannel[];
  topics: string;
  languages: string;
  maxConcurrent: number;
  isAvailable: boolean;
  autoAccept: boolean;
  /** False: available at any hour (`available_hours: null`). */
  hasSchedule: boolean;
  schedule: ScheduleSlot[];
  timezone: string;
  sound: boolean;
  desktop: boolean;
  emailOnAssignment: boolean;
}

/** The spec's column defaults, for a user without a preferences row. */
const defaults = {
  available_channels: [],
  available_topics: [],
  available_hours: null,
  languages: [],
  max_concurrent_conversations: 5,
  is_available: true,
  auto_accept: false,
  notification_preferences: { sound: true, desktop: true, email_on_assignment: false },
} satisfies AgentPreferencesPatch;

export const defaultSlot = (): ScheduleSlot => ({
  days: ['mon', 'tue', 'wed', 'thu', 'fri'],
  start: '09:00',
  end: '17:00',
});

export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

export function toForm(
  prefs: Partial<EffectiveAgentPreferences> | null | undefined,
  fallbackZone = 'UTC',
): PreferencesForm {
  const p = { ...defaults, ...prefs };
  const n = { ...defaults.notification_preferences, ...p.notification_preferences };
  return {
    channels: [...p.available_channels],
    topics: p.available_topics.join(', '),
    languages: p.languages.join(', '),
    maxConcurrent: p.max_concurrent_conversations,
    isAvailable: p.is_available,
    autoAccept: p.auto_accept,
    hasSchedule: p.available_hours !== null,
    schedule: p.available_hours?.schedule.map((s) => ({ ...s, days: [...s.days] })) ?? [defaultSlot()],
    timezone: p.available_hours?.timezone ?? fallbackZone,
    sound: n.sound,
    desktop: n.desktop,
    emailOnAssignment: n.email_on_assignment,
  };
}

/** "Billing, technical ,, billing" → ["billing", "technical"]: trimmed, lower-cased, each once. */
export function parseList(text: string): string[] {
  const items = text
    .split(/[,\n]/)
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  return [...new Set(items)];
}

/** The PATCH body of the whole form (the server validates slugs, language codes and zones). */
export function toPatch(form: PreferencesForm): AgentPreferencesPatch {
  return {
    available_channels: [...form.channels],
    available_topics: parseList(form.topics),
    languages: parseList(form.languages),
    max_concurrent_conversations: form.maxConcurrent,
    is_available: form.isAvailable,
    auto_accept: form.autoAccept,
    available_hours: form.hasSchedule
      ? {
          timezone: form.timezone,
          schedule: form.schedule.map((s) => ({
            days: allDays.filter((d) => s.days.includes(d)),
            start: s.start,
            end: s.end,
          })),
        }
      : null,
    notification_preferences: {
      sound: form.sound,
      desktop: form.desktop,
      email_on_assignment: form.emailOnAssignment,
    },
  };
}
