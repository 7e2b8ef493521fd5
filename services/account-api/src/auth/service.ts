import type { Db } from '@turumba/platform/db';
import { Unauthorized } from '@turumba/platform/errors';
import type { SigningKeyService } from '../signing-keys/service';
import type { UserRepo } from '../users/repo';
import { verifyPassword } from './passwords';
import { issueTokens, type TokenPair, type TokenSettings } from './tokens';

export interface AuthServiceDeps {
  db: Db;
  users: UserRepo;
  keys: SigningKeyService;
  settings: TokenSettings;
  clock: () => Date;
  ids: () => string;
  /** Cognito mode: users sign in at the pool, not here. */
  localLoginEnabled: boolean;
}

export function createAuthService(deps: AuthServiceDeps) {
  return {
    async login(email: string, password: string): Promise<TokenPair> {
      if (!deps.localLoginEnabled) throw new Unauthorized('Sign in through the identity provider');
      const user = await deps.users.findByEmail(email);
      const valid = await verifyPassword(password, user?.passwordHash);
      if (!user || !valid || !user.isActive) throw new Unauthorized('Invalid email or password');
      return issueTokens(deps, user, deps.clock());
    },
  };
}
export type AuthService = ReturnType<typeof createAuthService>;
