import type { TestIdentity } from '@turumba/platform/testing';
import { addMember, createAccount, createUser, identityOf, roleIdOf, type TestApi } from './test-helpers';

export type Member = 'admin' | 'supervisor' | 'agent1' | 'agent2' | 'acmeAdmin' | 'acmeAgent' | 'dual';

/**
 * Test fixture: the seeded Demo account (admin, agent1, agent2) plus a Demo supervisor, and a
 * second tenant "Acme" with its admin and agent. "dual" is an agent in Demo and an admin in Acme.
 * Returns the gateway identity of each.
 */
export async function seedTwoTenants(api: TestApi): Promise<Record<Member, TestIdentity>> {
  const { db } = api.deps.modules;
  const { ids } = api.deps;
  const demoId = (await identityOf(db, 'admin@demo.local')).accountIds[0]!;
  const acme = await createAccount(db, ids, 'Acme');
  const created: Array<[Member, string, Array<[string, string]>]> = [
    ['supervisor', 'sup@demo.local', [[demoId, await roleIdOf(db, demoId, 'supervisor')]]],
    ['acmeAdmin', 'admin@acme.local', [[acme.accountId, acme.roleIds.admin!]]],
    ['acmeAgent', 'agent@acme.local', [[acme.accountId, acme.roleIds.agent!]]],
    [
      'dual',
      'dual@both.local',
      [
        [demoId, await roleIdOf(db, demoId, 'agent')],
        [acme.accountId, acme.roleIds.admin!],
      ],
    ],
  ];
  for (const [, email, memberships] of created) {
    const userId = await createUser(db, ids, email, email);
    for (const [accountId, roleId] of memberships) await addMember(db, ids, accountId, userId, roleId);
  }
  const emails: Array<[Member, string]> = [
    ['admin', 'admin@demo.local'],
    ['agent1', 'agent1@demo.local'],
    ['agent2', 'agent2@demo.local'],
    ...created.map(([member, email]) => [member, email] as [Member, string]),
  ];
  const who = {} as Record<Member, TestIdentity>;
  for (const [member, email] of emails) who[member] = await identityOf(db, email);
  return who;
}
