import type { EligibleAgent } from '@turumba/contracts';
import { describe, expect, it } from 'vitest';
import { filterEligible, type RoutingCriteria, supervisorsOf } from './eligibility';

const agent = (id: string, prefs: Partial<EligibleAgent> = {}): EligibleAgent => ({
  user_id: id,
  name: id,
  email: `${id}@example.com`,
  role: 'agent',
  max_concurrent_conversations: 5,
  languages: [],
  available_topics: [],
  available_channels: [],
  auto_accept: false,
  team_ids: [],
  ...prefs,
});

const pool = [
  agent('any'),
  agent('wa-only', { available_channels: ['whatsapp'] }),
  agent('billing', { available_topics: ['Billing'] }),
  agent('amharic', { languages: ['am'] }),
  agent('english-us', { languages: ['en-US'] }),
];

describe('filterEligible', () => {
  it.each<[string, RoutingCriteria, string[]]>([
    [
      'no criteria but the channel → everyone on it',
      { channel: 'whatsapp' },
      ['any', 'wa-only', 'billing', 'amharic', 'english-us'],
    ],
    ['another channel', { channel: 'telegram' }, ['any', 'billing', 'amharic', 'english-us']],
    [
      'a topic, case-insensitively',
      { channel: 'telegram', topic: 'BILLING' },
      ['any', 'amharic', 'english-us', 'billing'].sort(),
    ],
    [
      'a language on its primary subtag',
      { channel: 'telegram', language: 'en' },
      ['any', 'billing', 'english-us'],
    ],
    ['Amharic', { channel: 'telegram', language: 'am-ET' }, ['any', 'billing', 'amharic']],
  ])('%s', (_what, criteria, expected) => {
    expect(
      filterEligible(pool, criteria)
        .map((a) => a.user_id)
        .sort(),
    ).toEqual([...expected].sort());
  });
});

describe('supervisorsOf', () => {
  const team = '00000000-0000-4000-8000-000000000001';
  const staff = [
    agent('lead', { role: 'supervisor', team_ids: [team] }),
    agent('boss', { role: 'admin' }),
    agent('worker', { team_ids: [team] }),
  ];
  it('names the supervisors and admins of the team', () => {
    expect(supervisorsOf(staff, team)).toEqual(['lead']);
  });
  it('names every supervisor and admin for an account-wide conversation', () => {
    expect(supervisorsOf(staff, null)).toEqual(['lead', 'boss']);
  });
});
