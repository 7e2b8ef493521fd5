import { describe, expect, it } from 'vitest';
import {
  type EligibilityCriteria,
  type EligibilityPreferences,
  type Ineligibility,
  ineligibility,
  isEligible,
  type Membership,
  normalizeCriteria,
} from './eligibility';

// Monday 2026-03-02 10:00 in Addis Ababa (UTC+3).
const mondayMorning = new Date('2026-03-02T07:00:00Z');
const mondayNight = new Date('2026-03-02T20:00:00Z');

const specialist: EligibilityPreferences = {
  is_available: true,
  available_hours: {
    timezone: 'Africa/Addis_Ababa',
    schedule: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00' }],
  },
  available_channels: ['whatsapp', 'telegram'],
  available_topics: ['billing'],
  languages: ['en', 'am'],
};
const generalist: EligibilityPreferences = {
  is_available: true,
  available_hours: null,
  available_channels: [],
  available_topics: [],
  languages: [],
};
const agent: Membership = { isActive: true, role: 'agent' };
const at = (extra: Partial<EligibilityCriteria> = {}): EligibilityCriteria => ({
  at: mondayMorning,
  ...extra,
});

describe('ineligibility', () => {
  it.each<[string, EligibilityPreferences | null, Membership, EligibilityCriteria, Ineligibility | null]>([
    ['no criteria: an available agent within hours is eligible', specialist, agent, at(), null],
    [
      'everything matching is eligible',
      specialist,
      agent,
      at({ channel: 'whatsapp', topic: 'billing', language: 'am' }),
      null,
    ],
    [
      'no preferences row: spec defaults, eligible for anything',
      null,
      agent,
      at({ channel: 'sms', topic: 'x', language: 'fr' }),
      null,
    ],
    [
      'empty lists take every channel, topic and language',
      generalist,
      agent,
      at({ channel: 'email', topic: 'tech', language: 'sw' }),
      null,
    ],
    ['admins take conversations too', specialist, { isActive: true, role: 'admin' }, at(), null],
    ['supervisors take conversations too', specialist, { isActive: true, role: 'supervisor' }, at(), null],
    ['a deactivated user never', generalist, { isActive: false, role: 'agent' }, at(), 'inactive_user'],
    [
      'a custom role never',
      generalist,
      { isActive: true, role: 'billing-viewer' },
      at(),
      'role_cannot_take_conversations',
    ],
    [
      'the manual offline toggle wins over everything',
      { ...generalist, is_available: false },
      agent,
      at(),
      'unavailable',
    ],
    ["outside the agent's own hours", specialist, agent, at({ at: mondayNight }), 'outside_hours'],
    ['a channel not in the list', specialist, agent, at({ channel: 'sms' }), 'channel_not_handled'],
    ['a topic not in the list', specialist, agent, at({ topic: 'technical' }), 'topic_not_handled'],
    ['a language not spoken', specialist, agent, at({ language: 'fr' }), 'language_not_spoken'],
    [
      'checks in order: unavailable before channel',
      { ...specialist, is_available: false },
      agent,
      at({ channel: 'sms' }),
      'unavailable',
    ],
  ])('%s', (_name, prefs, membership, criteria, expected) => {
    expect(ineligibility(prefs, membership, criteria)).toBe(expected);
    expect(isEligible(prefs, membership, criteria)).toBe(expected === null);
  });
});

describe('normalizeCriteria', () => {
  it.each([
    [
      { topic: 'Billing', language: 'en-US' },
      { topic: 'billing', language: 'en' },
    ],
    [
      { topic: ' tech ', language: 'AM' },
      { topic: 'tech', language: 'am' },
    ],
    [{ language: 'pt_BR' }, { topic: undefined, language: 'pt' }],
    [{}, { topic: undefined, language: undefined }],
  ])('matches %o as stored: %o', (input, expected) => {
    expect(normalizeCriteria({ ...input, at: mondayMorning })).toMatchObject(expected);
  });
});
