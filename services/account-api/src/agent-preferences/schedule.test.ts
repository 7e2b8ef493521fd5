import type { ScheduleDay, WeeklySchedule } from '@turumba/contracts';
import { describe, expect, it } from 'vitest';
import { isWithinSchedule, localTimeIn } from './schedule';

const weekdays: ScheduleDay[] = ['mon', 'tue', 'wed', 'thu', 'fri'];
const everyDay: ScheduleDay[] = [...weekdays, 'sat', 'sun'];

function hours(timezone: string, ...slots: Array<[ScheduleDay[], string, string]>): WeeklySchedule {
  return { timezone, schedule: slots.map(([days, start, end]) => ({ days, start, end })) };
}

const addisOffice = hours('Africa/Addis_Ababa', [weekdays, '09:00', '17:00']);
const newYorkDaily = hours('America/New_York', [everyDay, '09:00', '17:00']);
const berlinOffice = hours('Europe/Berlin', [weekdays, '09:00', '17:00']);
const mondayNight = hours('Africa/Addis_Ababa', [['mon'], '22:00', '06:00']);
const sundayNight = hours('UTC', [['sun'], '22:00', '02:00']);
const newYorkSpringGap = hours('America/New_York', [['sun'], '01:30', '03:30']);
const untilMidnight = hours('UTC', [['sat'], '18:00', '24:00']);
const twoSlots = hours('UTC', [weekdays, '09:00', '12:00'], [['sat'], '13:00', '15:00']);

describe('isWithinSchedule', () => {
  it.each<[string, WeeklySchedule | null, string, boolean]>([
    ['no schedule means any hour', null, '2026-03-01T03:00:00Z', true],
    // Africa/Addis_Ababa is UTC+3 all year (no DST).
    ['Addis: start is inclusive (Mon 09:00)', addisOffice, '2026-03-02T06:00:00Z', true],
    ['Addis: a minute before start (Mon 08:59)', addisOffice, '2026-03-02T05:59:00Z', false],
    ['Addis: a minute before end (Mon 16:59)', addisOffice, '2026-03-02T13:59:00Z', true],
    ['Addis: end is exclusive (Mon 17:00)', addisOffice, '2026-03-02T14:00:00Z', false],
    ['Addis: a day not listed (Sat 13:00)', addisOffice, '2026-03-07T10:00:00Z', false],
    ['Addis: same offset in July (Mon 09:00)', addisOffice, '2026-07-06T06:00:00Z', true],
    [
      'Addis: UTC day differs from local day (Mon 02:00 local is Sun UTC)',
      mondayNight,
      '2026-03-01T23:00:00Z',
      false,
    ],
    // America/New_York: EST (UTC-5) until 2026-03-08 07:00Z, EDT (UTC-4) until 2026-11-01 06:00Z.
    ['New York, EST: Sat 09:00', newYorkDaily, '2026-03-07T14:00:00Z', true],
    ['New York, EST: Sat 08:30', newYorkDaily, '2026-03-07T13:30:00Z', false],
    ['New York, first EDT day: Sun 09:00 is 13:00Z', newYorkDaily, '2026-03-08T13:00:00Z', true],
    ['New York, first EDT day: Sun 08:30', newYorkDaily, '2026-03-08T12:30:00Z', false],
    ['New York, first EDT day: Sun 16:59', newYorkDaily, '2026-03-08T20:59:00Z', true],
    ['New York, first EDT day: Sun 17:00', newYorkDaily, '2026-03-08T21:00:00Z', false],
    ['New York, back to EST: Sun 09:00 is 14:00Z', newYorkDaily, '2026-11-01T14:00:00Z', true],
    ['New York, back to EST: Sun 08:30', newYorkDaily, '2026-11-01T13:30:00Z', false],
    ['New York spring gap: 01:30 EST is covered', newYorkSpringGap, '2026-03-08T06:30:00Z', true],
    [
      'New York spring gap: the clock jumps to 03:00 EDT, still covered',
      newYorkSpringGap,
      '2026-03-08T07:00:00Z',
      true,
    ],
    ['New York spring gap: 03:30 EDT is the end', newYorkSpringGap, '2026-03-08T07:30:00Z', false],
    // Europe/Berlin: CEST (UTC+2) from 2026-03-29 01:00Z to 2026-10-25 01:00Z, else CET (UTC+1).
    ['Berlin, CET: Fri 08:00 is 07:00Z', berlinOffice, '2026-03-27T07:00:00Z', false],
    ['Berlin, CET: Fri 09:00 is 08:00Z', berlinOffice, '2026-03-27T08:00:00Z', true],
    ['Berlin, CEST: Mon 09:00 is 07:00Z', berlinOffice, '2026-03-30T07:00:00Z', true],
    ['Berlin, CEST: Mon 17:00 is 15:00Z', berlinOffice, '2026-03-30T15:00:00Z', false],
    ['Berlin, CEST: Fri 09:00 is 07:00Z', berlinOffice, '2026-10-23T07:00:00Z', true],
    ['Berlin, CET again: Mon 08:30 is 07:30Z', berlinOffice, '2026-10-26T07:30:00Z', false],
    ['Berlin, CET again: Mon 09:00 is 08:00Z', berlinOffice, '2026-10-26T08:00:00Z', true],
    // Overnight slots belong to the day they start.
    ['overnight: Mon 22:00 starts the slot', mondayNight, '2026-03-02T19:00:00Z', true],
    ['overnight: Mon 21:59 is before it', mondayNight, '2026-03-02T18:59:00Z', false],
    ['overnight: Tue 03:00 is covered by the Monday slot', mondayNight, '2026-03-03T00:00:00Z', true],
    ['overnight: Tue 06:00 is the end', mondayNight, '2026-03-03T03:00:00Z', false],
    ['overnight: Wed 03:00 is not covered', mondayNight, '2026-03-04T00:00:00Z', false],
    ['across the week end: Sun 23:00', sundayNight, '2026-03-01T23:00:00Z', true],
    ['across the week end: Mon 01:59', sundayNight, '2026-03-02T01:59:00Z', true],
    ['across the week end: Mon 02:00', sundayNight, '2026-03-02T02:00:00Z', false],
    ['across the week end: Sat 23:00', sundayNight, '2026-03-07T23:00:00Z', false],
    ['24:00 end: Sat 23:59', untilMidnight, '2026-03-07T23:59:00Z', true],
    ['24:00 end: Sun 00:00 is outside', untilMidnight, '2026-03-08T00:00:00Z', false],
    ['several slots: the second one matches', twoSlots, '2026-03-07T14:00:00Z', true],
    ['several slots: between them', twoSlots, '2026-03-02T12:30:00Z', false],
    [
      'an unknown timezone fails closed',
      hours('Mars/Olympus', [everyDay, '00:00', '24:00']),
      '2026-03-02T12:00:00Z',
      false,
    ],
  ])('%s', (_name, schedule, at, expected) => {
    expect(isWithinSchedule(schedule, new Date(at))).toBe(expected);
  });
});

describe('localTimeIn', () => {
  it.each([
    ['UTC', '2026-03-02T00:00:00Z', { day: 'mon', minute: 0 }],
    ['Africa/Addis_Ababa', '2026-03-01T21:30:00Z', { day: 'mon', minute: 30 }],
    ['America/New_York', '2026-03-02T04:59:00Z', { day: 'sun', minute: 23 * 60 + 59 }],
    ['Asia/Kolkata', '2026-03-02T00:00:00Z', { day: 'mon', minute: 5 * 60 + 30 }],
  ])('reads %s wall-clock time at %s (midnight is minute 0, never 24:00)', (zone, at, expected) => {
    expect(localTimeIn(zone, new Date(at))).toEqual(expected);
  });
});
