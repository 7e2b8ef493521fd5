import { EligibleAgentsResponse } from '@turumba/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestAccountApi } from '../test-support';
import {
  addMember,
  call,
  callInternal,
  createAccount,
  createRole,
  createTeam,
  createUser,
  identityOf,
  roleIdOf,
  type TestApi,
} from './test-helpers';

// Monday 2026-03-02. 07:00Z is 10:00 in Addis Ababa and 02:00 in New York; 15:00Z is 18:00 and 10:00.
const addisMorning = '2026-03-02T07:00:00Z';
const newYorkMorning = '2026-03-02T15:00:00Z';
const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri'];
const officeHours = (timezone: string) => ({
  timezone,
  schedule: [{ days: weekdays, start: '09:00', end: '17:00' }],
});

let api: TestApi;
let demoId: string;
let billingTeamId: string;
const idOf: Record<string, string> = {};

beforeAll(async () => {
  api = await createTestAccountApi({ clock: () => new Date(newYorkMorning) });
  const { db } = api.deps.modules;
  const { ids } = api.deps;
  const admin = await identityOf(db, 'admin@demo.local');
  demoId = admin.accountIds[0]!;
  const member = async (email: string, roleId: string, isActive = true) => {
    const userId = await createUser(db, ids, email, email.split('@')[0]!, isActive);
    await addMember(db, ids, demoId, userId, roleId);
  };
  await member('sup@demo.local', await roleIdOf(db, demoId, 'supervisor'));
  await member('offline@demo.local', await roleIdOf(db, demoId, 'agent'));
  await member('inactive@demo.local', await roleIdOf(db, demoId, 'agent'), false);
  await member('viewer@demo.local', await createRole(db, ids, demoId, 'viewer'));
  const acme = await createAccount(db, ids, 'Acme');
  const acmeAgent = await createUser(db, ids, 'agent@acme.local', 'Acme Agent');
  await addMember(db, ids, acme.accountId, acmeAgent, acme.roleIds.agent!);
  for (const email of ['admin@demo.local', 'agent1@demo.local', 'agent2@demo.local', 'offline@demo.local']) {
    idOf[email] = (await identityOf(db, email)).userId;
  }
  const patch = (email: string, body: object) =>
    call(api, 'POST', '/v1/agent-preferences', admin, { user_id: idOf[email], ...body });
  await patch('agent1@demo.local', {
    available_hours: officeHours('Africa/Addis_Ababa'),
    available_channels: ['whatsapp'],
    available_topics: ['billing'],
    languages: ['am', 'en'],
    max_concurrent_conversations: 3,
    auto_accept: true,
  });
  await patch('agent2@demo.local', { available_hours: officeHours('America/New_York'), languages: ['en'] });
  await patch('offline@demo.local', { is_available: false });
  billingTeamId = await createTeam(db, ids, demoId, 'Billing', [
    idOf['agent1@demo.local']!,
    idOf['agent2@demo.local']!,
  ]);
});
afterAll(() => api?.cleanup());

async function eligible(query: string) {
  const res = await callInternal(api, `/internal/agents/eligible?account_id=${demoId}&${query}`);
  expect(res.statusCode).toBe(200);
  return EligibleAgentsResponse.parse(res.json()).data;
}
const emails = async (query: string) => (await eligible(query)).agents.map((a) => a.email).sort();

describe('GET /internal/agents/eligible', () => {
  it.each([
    [
      'in Addis office hours: the Addis agent, not the New York one',
      `at=${addisMorning}`,
      ['admin@demo.local', 'agent1@demo.local', 'sup@demo.local'],
    ],
    [
      'in New York office hours: the New York agent, not the Addis one',
      `at=${newYorkMorning}`,
      ['admin@demo.local', 'agent2@demo.local', 'sup@demo.local'],
    ],
    [
      'the same instant written with an offset',
      'at=2026-03-02T10:00:00%2B03:00',
      ['admin@demo.local', 'agent1@demo.local', 'sup@demo.local'],
    ],
    [
      "at the clock's now when `at` is left out",
      'channel=email',
      ['admin@demo.local', 'agent2@demo.local', 'sup@demo.local'],
    ],
    [
      'on a channel the Addis agent does not handle',
      `at=${addisMorning}&channel=sms`,
      ['admin@demo.local', 'sup@demo.local'],
    ],
    [
      'on a topic only some handle, matched case-insensitively',
      `at=${addisMorning}&topic=Billing`,
      ['admin@demo.local', 'agent1@demo.local', 'sup@demo.local'],
    ],
    [
      'on a language tag, matched on its primary subtag',
      `at=${addisMorning}&language=am-ET`,
      ['admin@demo.local', 'agent1@demo.local', 'sup@demo.local'],
    ],
    [
      'in a language only the defaults cover',
      `at=${newYorkMorning}&language=fr`,
      ['admin@demo.local', 'sup@demo.local'],
    ],
    ['in a team: only its members', `at=${addisMorning}&team_id=:billingTeam`, ['agent1@demo.local']],
  ])('%s', async (_name, query, expected) => {
    // Ids made in beforeAll do not exist yet when this table is built.
    expect(await emails(query.replace(':billingTeam', billingTeamId))).toEqual(expected);
  });

  it("never returns offline, deactivated or custom-role members, nor another account's", async () => {
    const found = await emails(`at=${addisMorning}`);
    for (const email of [
      'offline@demo.local',
      'inactive@demo.local',
      'viewer@demo.local',
      'agent@acme.local',
    ]) {
      expect(found).not.toContain(email);
    }
  });

  it('returns what routing needs: role, capacity, skills and teams', async () => {
    const { at, agents } = await eligible(`at=${addisMorning}&team_id=${billingTeamId}`);
    expect(at).toBe('2026-03-02T07:00:00.000Z');
    expect(agents).toEqual([
      {
        user_id: idOf['agent1@demo.local'],
        name: 'Agent One',
        email: 'agent1@demo.local',
        role: 'agent',
        max_concurrent_conversations: 3,
        languages: ['am', 'en'],
        available_topics: ['billing'],
        available_channels: ['whatsapp'],
        auto_accept: true,
        team_ids: [billingTeamId],
      },
    ]);
  });

  it('treats a member without preferences as available at any hour with capacity 5', async () => {
    const { agents } = await eligible('at=2026-03-08T03:00:00Z');
    expect(agents.find((a) => a.email === 'admin@demo.local')).toMatchObject({
      role: 'admin',
      max_concurrent_conversations: 5,
      languages: [],
      available_topics: [],
      available_channels: [],
      auto_accept: false,
      team_ids: [],
    });
  });
});
