import type { Db } from '@turumba/platform/db';
import type { MemberRepo } from '../accounts/members-repo';
import type { AccountRepo } from '../accounts/repo';
import type { MembershipCache } from '../context/membership-cache';
import type { SigningKeyService } from '../signing-keys/service';
import type { UserRepo } from '../users/repo';
import type { AttemptLimiter } from './attempt-limiter';
import type { RefreshTokenRepo } from './refresh-repo';
import type { TokenSettings } from './tokens';

export interface AuthServiceDeps {
  db: Db;
  users: UserRepo;
  accounts: AccountRepo;
  members: MemberRepo;
  refreshTokens: RefreshTokenRepo;
  keys: SigningKeyService;
  settings: TokenSettings;
  cache: MembershipCache;
  /** Failed sign-ins per (email, client IP). */
  loginLimiter: AttemptLimiter;
  clock: () => Date;
  ids: () => string;
  /** Cognito mode: users sign in at the pool, not here. */
  localLoginEnabled: boolean;
}
