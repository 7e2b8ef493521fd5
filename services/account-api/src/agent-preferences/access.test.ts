import { describe, expect, it } from 'vitest';
import { type AccessAction, type AccessDecision, decideAccess, listableAccountIds } from './access';

const me = 'user-me';
const other = 'user-other';
const accountA = 'account-a';
const accountB = 'account-b';

describe('decideAccess', () => {
  it.each<[string, Record<string, string>, string, string[], AccessAction, AccessDecision]>([
    ['an agent reads their own', { [accountA]: 'agent' }, me, [], 'read', 'allow'],
    ['an agent writes their own', { [accountA]: 'agent' }, me, [], 'write', 'allow'],
    [
      'an agent reads a colleague: forbidden',
      { [accountA]: 'agent' },
      other,
      [accountA],
      'read',
      'forbidden',
    ],
    [
      'an agent writes a colleague: forbidden',
      { [accountA]: 'agent' },
      other,
      [accountA],
      'write',
      'forbidden',
    ],
    ['an admin reads a member', { [accountA]: 'admin' }, other, [accountA], 'read', 'allow'],
    ['an admin writes a member', { [accountA]: 'admin' }, other, [accountA], 'write', 'allow'],
    ['a supervisor reads a member', { [accountA]: 'supervisor' }, other, [accountA], 'read', 'allow'],
    [
      'a supervisor writes a member: forbidden',
      { [accountA]: 'supervisor' },
      other,
      [accountA],
      'write',
      'forbidden',
    ],
    [
      'an admin and a user outside their accounts: not found',
      { [accountA]: 'admin' },
      other,
      [],
      'read',
      'not_found',
    ],
    [
      'an agent and a user outside their accounts: not found',
      { [accountA]: 'agent' },
      other,
      [],
      'write',
      'not_found',
    ],
    [
      'admin in B, agent in A, the target in both: allowed through B',
      { [accountA]: 'agent', [accountB]: 'admin' },
      other,
      [accountA, accountB],
      'write',
      'allow',
    ],
    [
      'admin in B, agent in A, the target only in A: forbidden',
      { [accountA]: 'agent', [accountB]: 'admin' },
      other,
      [accountA],
      'write',
      'forbidden',
    ],
  ])('%s', (_name, callerRoles, targetId, sharedAccountIds, action, expected) => {
    expect(decideAccess({ callerId: me, callerRoles, targetId, sharedAccountIds, action })).toBe(expected);
  });
});

describe('listableAccountIds', () => {
  it.each([
    [[accountA, accountB], { [accountA]: 'admin', [accountB]: 'agent' }, [accountA]],
    [[accountA, accountB], { [accountA]: 'supervisor', [accountB]: 'admin' }, [accountA, accountB]],
    [[accountA], { [accountA]: 'agent' }, []],
    [[accountB], { [accountA]: 'admin', [accountB]: 'agent' }, []],
  ])('within %o with roles %o lists %o', (scope, roles, expected) => {
    expect(listableAccountIds(scope, roles)).toEqual(expected);
  });
});
