/*
 * "Is it within this time range?", decided purely from the range and an instant. Times are wall-clock
 * times in the range's IANA zone: `start` inclusive, `end` exclusive, `end` "24:00" = the end of the
 * day, `start` == `end` = the whole day, and an `end` earlier than `start` runs overnight (18:00–08:00).
 * An overnight range belongs to the day it starts: with days [fri], 18:00–08:00 covers Saturday 03:00
 * but not Friday 03:00 (the same rule as agents' working hours in the Account API).
 */

export const weekDays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type WeekDay = (typeof weekDays)[number];

export interface TimeRange {
  start: string;
  end: string;
  tz: string;
  days?: WeekDay[];
}

export interface CompiledTimeRange {
  zone: Zone;
  startMinute: number;
  endMinute: number;
  /** Day indexes (0 = mon); undefined = every day. */
  days?: ReadonlySet<number>;
}

export interface LocalTime {
  /** 0 = Monday … 6 = Sunday. */
  day: number;
  /** Minutes since local midnight, 0–1439. */
  minute: number;
}

const dayIndex: Record<string, number> = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };

/** "HH:MM" → minutes since midnight ("24:00" → 1440). */
export function minutesOf(time: string): number {
  const [hours = '0', minutes = '0'] = time.split(':');
  return Number(hours) * 60 + Number(minutes);
}

/**
 * A time zone's formatter (building one is the expensive part) and its wall clock for the last UTC
 * minute asked about: every zone's offset is a whole number of minutes, so the wall clock is the
 * same for a whole UTC minute, and the rules sharing a zone share this one object.
 */
export interface Zone {
  formatter: Intl.DateTimeFormat;
  minuteOfEpoch: number;
  local: LocalTime;
}

const zones = new Map<string, Zone>();

function zoneFor(tz: string): Zone {
  let zone = zones.get(tz);
  if (!zone) {
    const options: Intl.DateTimeFormatOptions = {
      timeZone: tz,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    };
    zone = {
      formatter: new Intl.DateTimeFormat('en-US', options),
      minuteOfEpoch: Number.NaN,
      local: { day: 0, minute: 0 },
    };
    zones.set(tz, zone);
  }
  return zone;
}

export function isValidTimeZone(tz: string): boolean {
  if (tz.length > 64 || !/^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+){0,2}$/.test(tz)) return false;
  try {
    zoneFor(tz);
    return true;
  } catch {
    return false;
  }
}

function wallClock(zone: Zone, at: Date): LocalTime {
  const minuteOfEpoch = Math.floor(at.getTime() / 60_000);
  if (zone.minuteOfEpoch === minuteOfEpoch) return zone.local;
  let weekday = '';
  let hour = 0;
  let minute = 0;
  for (const part of zone.formatter.formatToParts(at)) {
    if (part.type === 'weekday') weekday = part.value;
    else if (part.type === 'hour') hour = Number(part.value);
    else if (part.type === 'minute') minute = Number(part.value);
  }
  zone.local = { day: dayIndex[weekday] ?? 0, minute: hour * 60 + minute };
  zone.minuteOfEpoch = minuteOfEpoch;
  return zone.local;
}

/** `at` on the wall clock of `tz`; Intl applies the offset in force at that instant (DST included). */
export function localTimeIn(tz: string, at: Date): LocalTime {
  return wallClock(zoneFor(tz), at);
}

export function compileTimeRange(range: TimeRange): CompiledTimeRange {
  return {
    zone: zoneFor(range.tz),
    startMinute: minutesOf(range.start),
    endMinute: minutesOf(range.end),
    days: range.days ? new Set(range.days.map((d) => weekDays.indexOf(d))) : undefined,
  };
}

/** The day index a wall-clock time belongs to under this range, or null when it is outside it. */
function owningDay(range: CompiledTimeRange, local: LocalTime): number | null {
  const { startMinute: start, endMinute: end } = range;
  if (start === end) return local.day;
  if (start < end) return local.minute >= start && local.minute < end ? local.day : null;
  if (local.minute >= start) return local.day;
  if (local.minute < end) return (local.day + 6) % 7;
  return null;
}

export function isWithinTimeRange(range: CompiledTimeRange, at: Date): boolean {
  const day = owningDay(range, wallClock(range.zone, at));
  return day !== null && (!range.days || range.days.has(day));
}
