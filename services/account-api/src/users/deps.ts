import type { Db } from '@turumba/platform/db';
import type { MemberRepo } from '../accounts/members-repo';
import type { AccountRepo } from '../accounts/repo';
import type { MembershipCache } from '../context/membership-cache';
import type { RoleRepo } from '../roles/repo';
import type { UserRepo } from './repo';

export interface UserServiceDeps {
  db: Db;
  users: UserRepo;
  members: MemberRepo;
  roles: RoleRepo;
  accounts: AccountRepo;
  cache: MembershipCache;
  clock: () => Date;
  ids: () => string;
  /** Off in Cognito mode: new users get no password (they sign in at the identity provider). */
  localLoginEnabled: boolean;
}

export type AccountHeader = string | string[] | undefined;
