import { describe, expect, it } from 'vitest';
import { parseList, toForm, toPatch } from './form-model';

describe('agent preferences form', () => {
  it('starts from the spec defaults for a user without preferences', () => {
    const form = toForm(null, 'Africa/Addis_Ababa');
    expect(form).toMatchObject({
      maxConcurrent: 5,
      isAvailable: true,
      hasSchedule: false,
      timezone: 'Africa/Addis_Ababa',
      sound: true,
    });
    expect(toPatch(form).available_hours).toBeNull();
  });

  it('sends the weekly schedule with its time zone and days in week order', () => {
    const form = {
      ...toForm(null),
      hasSchedule: true,
      timezone: 'Europe/Berlin',
      schedule: [{ days: ['fri', 'mon'] as ('fri' | 'mon')[], start: '09:00', end: '17:00' }],
    };
    expect(toPatch(form).available_hours).toEqual({
      timezone: 'Europe/Berlin',
      schedule: [{ days: ['mon', 'fri'], start: '09:00', end: '17:00' }],
    });
  });

  it('turns typed lists into clean arrays', () => {
    expect(parseList(' Billing, technical,,billing\nAM ')).toEqual(['billing', 'technical', 'am']);
    const patch = toPatch({
      ...toForm(null),
      topics: 'billing, vip',
      languages: 'en, am',
      channels: ['whatsapp'],
    });
    expect(patch).toMatchObject({
      available_topics: ['billing', 'vip'],
      languages: ['en', 'am'],
      available_channels: ['whatsapp'],
    });
  });

  it('round-trips stored preferences', () => {
    const stored = {
      available_channels: ['sms' as const],
      available_topics: ['billing'],
      available_hours: {
        timezone: 'UTC',
        schedule: [{ days: ['sat' as const], start: '10:00', end: '14:00' }],
      },
      languages: ['en'],
      max_concurrent_conversations: 3,
      is_available: false,
      auto_accept: true,
      notification_preferences: { sound: false, desktop: true, email_on_assignment: true },
    };
    expect(toPatch(toForm(stored))).toEqual(stored);
  });
});
