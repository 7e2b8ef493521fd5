import { describe, expect, it } from 'vitest';
import type { RequestContext } from './request-context';
import { accountForWrite, isManager, requireRole, scopedAccountIds } from './tenancy';

const a = '11111111-1111-4111-8111-111111111111';
const b = '22222222-2222-4222-8222-222222222222';
const other = '33333333-3333-4333-8333-333333333333';
const context = (accountIds: string[], roles: Record<string, string> = {}): RequestContext => ({
  userId: 'u',
  accountIds,
  roleIds: [],
  accountRoles: roles,
});

describe('tenancy', () => {
  it('reads all of the user accounts or the one selected, and 404s another tenant', () => {
    expect(scopedAccountIds(context([a, b]), undefined)).toEqual([a, b]);
    expect(scopedAccountIds(context([a, b]), b)).toEqual([b]);
    expect(() => scopedAccountIds(context([a]), other)).toThrow('Account not found');
  });

  it('writes to the selected account or the only one, and asks when ambiguous', () => {
    expect(accountForWrite(context([a]), undefined)).toBe(a);
    expect(accountForWrite(context([a, b]), b)).toBe(b);
    expect(() => accountForWrite(context([a, b]), undefined)).toThrow('X-Account-Id is required');
    expect(() => accountForWrite(context([a]), other)).toThrow('Account not found');
  });

  it('checks roles per account: 403 for a weaker role, 404 for another tenant', () => {
    const ctx = context([a, b], { [a]: 'admin', [b]: 'agent' });
    expect(requireRole(ctx, a, ['admin'])).toBe('admin');
    expect(() => requireRole(ctx, b, ['admin', 'supervisor'])).toThrow('needs the admin or supervisor role');
    expect(() => requireRole(ctx, other, ['admin'])).toThrow('Account not found');
    expect(isManager(ctx, a)).toBe(true);
    expect(isManager(ctx, b)).toBe(false);
  });
});
