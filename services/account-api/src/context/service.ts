import type { JwtVerifier } from '@turumba/platform/auth';
import { Unauthorized } from '@turumba/platform/errors';
import type { UserRepo } from '../users/repo';

export interface BasicContext {
  user_id: string;
  email: string;
  name: string;
  account_ids: string[];
  role_ids: string[];
  accounts: Array<{ account_id: string; name: string; role: string; role_id: string; permissions: string[] }>;
}

export interface ContextServiceDeps {
  users: UserRepo;
  verify: JwtVerifier;
  /** Cognito mode matches users by the token's `sub` rather than our user id. */
  subjectIsCognitoSub: boolean;
}

/** Who the bearer of a token is and what they may touch: what the gateway forwards downstream. */
export function createContextService(deps: ContextServiceDeps) {
  return {
    async basicContext(token: string): Promise<BasicContext> {
      const { subject } = await deps.verify(token);
      const user = deps.subjectIsCognitoSub
        ? await deps.users.findByCognitoSub(subject)
        : await deps.users.findById(subject);
      if (!user?.isActive) throw new Unauthorized('Unknown or inactive user');
      const memberships = await deps.users.memberships(user.id);
      return {
        user_id: user.id,
        email: user.email,
        name: user.name,
        account_ids: memberships.map((m) => m.accountId),
        role_ids: memberships.map((m) => m.roleId),
        accounts: memberships.map((m) => ({
          account_id: m.accountId,
          name: m.accountName,
          role: m.roleKey,
          role_id: m.roleId,
          permissions: m.permissions,
        })),
      };
    },
  };
}
export type ContextService = ReturnType<typeof createContextService>;
