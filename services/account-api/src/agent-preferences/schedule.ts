import type { ScheduleDay, ScheduleSlot, WeeklySchedule } from '@turumba/contracts';

/*
 * Working hours, decided purely from the schedule and an instant. Times are wall-clock times in
 * the agent's own timezone: `start` inclusive, `end` exclusive, `end` "24:00" = the end of the day,
 * and an `end` earlier than `start` runs overnight into the next day. An overnight slot belongs to
 * the day it starts: a Monday 22:00–06:00 slot covers Tuesday 03:00, and a Sunday one covers
 * Monday morning (the week wraps).
 */

const week: readonly ScheduleDay[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

const dayByShortName: Record<string, ScheduleDay> = {
  Mon: 'mon',
  Tue: 'tue',
  Wed: 'wed',
  Thu: 'thu',
  Fri: 'fri',
  Sat: 'sat',
  Sun: 'sun',
};

export interface LocalTime {
  day: ScheduleDay;
  /** Minutes since local midnight, 0–1439. */
  minute: number;
}

/** "HH:MM" → minutes since midnight ("24:00" → 1440). */
export function minutesOf(time: string): number {
  const [hours = '0', minutes = '0'] = time.split(':');
  return Number(hours) * 60 + Number(minutes);
}

// One formatter per zone: building them is the expensive part. Null marks a zone Intl rejects.
const formatters = new Map<string, Intl.DateTimeFormat | null>();

function formatterFor(timeZone: string): Intl.DateTimeFormat | null {
  if (!formatters.has(timeZone)) {
    try {
      const options = { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
      formatters.set(timeZone, new Intl.DateTimeFormat('en-US', options as Intl.DateTimeFormatOptions));
    } catch {
      formatters.set(timeZone, null);
    }
  }
  return formatters.get(timeZone) ?? null;
}

/**
 * `at` on the wall clock of `timeZone`. Intl applies the zone's offset for that very instant, so
 * DST changes are handled by the tz database, not by us. Null when the zone is unknown.
 */
export function localTimeIn(timeZone: string, at: Date): LocalTime | null {
  const formatter = formatterFor(timeZone);
  if (!formatter) return null;
  const parts = formatter.formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  const day = dayByShortName[part('weekday')];
  if (!day) return null;
  return { day, minute: Number(part('hour')) * 60 + Number(part('minute')) };
}

function dayAfter(day: ScheduleDay): ScheduleDay {
  return week[(week.indexOf(day) + 1) % week.length]!;
}

/** Whether one slot covers a local time. */
export function slotCovers(slot: ScheduleSlot, local: LocalTime): boolean {
  const start = minutesOf(slot.start);
  const end = minutesOf(slot.end);
  if (start < end) {
    return slot.days.includes(local.day) && local.minute >= start && local.minute < end;
  }
  // Overnight: start → midnight on the slot's day, then midnight → end on the day after.
  return slot.days.some(
    (day) =>
      (day === local.day && local.minute >= start) || (dayAfter(day) === local.day && local.minute < end),
  );
}

/**
 * Whether `at` falls within the agent's working hours. A null schedule means "any hour"; a
 * timezone Intl does not know (never stored: validation rejects it) fails closed.
 */
export function isWithinSchedule(hours: WeeklySchedule | null, at: Date): boolean {
  if (hours === null) return true;
  const local = localTimeIn(hours.timezone, at);
  if (!local) return false;
  return hours.schedule.some((slot) => slotCovers(slot, local));
}
