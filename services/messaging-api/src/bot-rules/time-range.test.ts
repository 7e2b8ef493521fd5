import { describe, expect, it } from 'vitest';
import { compileTimeRange, isValidTimeZone, isWithinTimeRange, type TimeRange } from './time-range';

const addis = 'Africa/Addis_Ababa'; // UTC+3, no DST
const at = (iso: string) => new Date(iso);

const cases: Array<[string, TimeRange, string, boolean]> = [
  ['inside a day range', { start: '09:00', end: '17:00', tz: addis }, '2026-11-25T07:00:00Z', true],
  ['at the inclusive start', { start: '09:00', end: '17:00', tz: addis }, '2026-11-25T06:00:00Z', true],
  ['at the exclusive end', { start: '09:00', end: '17:00', tz: addis }, '2026-11-25T14:00:00Z', false],
  ['one minute before the end', { start: '09:00', end: '17:00', tz: addis }, '2026-11-25T13:59:00Z', true],
  ['before a day range', { start: '09:00', end: '17:00', tz: addis }, '2026-11-25T05:59:00Z', false],
  ['overnight, in the evening', { start: '18:00', end: '08:00', tz: addis }, '2026-11-25T16:00:00Z', true],
  ['overnight, after midnight', { start: '18:00', end: '08:00', tz: addis }, '2026-11-25T23:30:00Z', true],
  [
    'overnight, at its exclusive end',
    { start: '18:00', end: '08:00', tz: addis },
    '2026-11-26T05:00:00Z',
    false,
  ],
  ['overnight, in the day', { start: '18:00', end: '08:00', tz: addis }, '2026-11-25T09:00:00Z', false],
  ['to 24:00', { start: '20:00', end: '24:00', tz: addis }, '2026-11-25T20:59:00Z', true],
  ['start equal to end (all day)', { start: '00:00', end: '00:00', tz: addis }, '2026-11-25T12:00:00Z', true],
  // 2026-11-25 is a Wednesday.
  [
    'on a listed day',
    { start: '09:00', end: '17:00', tz: addis, days: ['wed'] },
    '2026-11-25T07:00:00Z',
    true,
  ],
  [
    'on an unlisted day',
    { start: '09:00', end: '17:00', tz: addis, days: ['mon', 'tue'] },
    '2026-11-25T07:00:00Z',
    false,
  ],
  [
    'the local day, not the UTC day',
    { start: '00:00', end: '02:00', tz: addis, days: ['thu'] },
    '2026-11-25T21:30:00Z',
    true,
  ],
  [
    'overnight owned by the day it starts',
    { start: '18:00', end: '08:00', tz: addis, days: ['wed'] },
    '2026-11-26T01:00:00Z',
    true,
  ],
  [
    'overnight early hours of a listed start day',
    { start: '18:00', end: '08:00', tz: addis, days: ['wed'] },
    '2026-11-25T01:00:00Z',
    false,
  ],
  [
    'overnight wrapping Sunday into Monday',
    { start: '22:00', end: '06:00', tz: addis, days: ['sun'] },
    '2026-11-30T01:00:00Z',
    true,
  ],
  // America/New_York: DST starts 2026-03-08 02:00 local (UTC-5 → UTC-4).
  [
    'before a DST change, 13:30Z is 08:30 EST',
    { start: '09:00', end: '17:00', tz: 'America/New_York' },
    '2026-03-07T13:30:00Z',
    false,
  ],
  [
    'after a DST change, 13:30Z is 09:30 EDT',
    { start: '09:00', end: '17:00', tz: 'America/New_York' },
    '2026-03-09T13:30:00Z',
    true,
  ],
  [
    'on the DST day itself',
    { start: '09:00', end: '17:00', tz: 'America/New_York', days: ['sun'] },
    '2026-03-08T13:30:00Z',
    true,
  ],
  [
    'across the skipped hour of the DST night',
    { start: '01:00', end: '04:00', tz: 'America/New_York' },
    '2026-03-08T07:30:00Z',
    true,
  ],
  // Europe/Berlin: DST ends 2026-10-25 03:00 local (UTC+2 → UTC+1).
  [
    'after DST ends, 08:30Z is 09:30 CET',
    { start: '09:00', end: '17:00', tz: 'Europe/Berlin' },
    '2026-10-26T08:30:00Z',
    true,
  ],
  [
    'before DST ends, 06:30Z is 08:30 CEST',
    { start: '09:00', end: '17:00', tz: 'Europe/Berlin' },
    '2026-10-23T06:30:00Z',
    false,
  ],
];

describe('time ranges', () => {
  it.each(cases)('%s', (_what, range, instant, expected) => {
    expect(isWithinTimeRange(compileTimeRange(range), at(instant))).toBe(expected);
  });

  it.each([
    ['Africa/Addis_Ababa', true],
    ['America/New_York', true],
    ['UTC', true],
    ['Mars/Olympus', false],
    ['+03:00', false],
    ['', false],
  ])('accepts %j as a time zone: %s', (tz, expected) => {
    expect(isValidTimeZone(tz)).toBe(expected);
  });
});
