import { isUniqueViolation } from '@turumba/platform/db';
import { Conflict } from '@turumba/platform/errors';
import { createAccountWithAdmin } from '../accounts/service';
import type { AuthServiceDeps } from './deps';
import { assertLocalLogin } from './local-login';
import { hashPassword } from './passwords';
import type { RegisterRequest } from './schema';
import { issueTokensWith, type TokenPair } from './tokens';

/** Sign-up: the user, their account with its roles and their admin membership, in one transaction. */
export async function register(deps: AuthServiceDeps, body: RegisterRequest): Promise<TokenPair> {
  assertLocalLogin(deps.localLoginEnabled);
  const now = deps.clock();
  const passwordHash = await hashPassword(body.password);
  const key = await deps.keys.activeKey(now);
  try {
    return await deps.db.transaction(async (tx) => {
      if (await deps.users.findByEmail(body.email, tx))
        throw new Conflict('This email is already registered');
      const user = await deps.users.insert(
        tx,
        { id: deps.ids(), email: body.email, name: body.name, passwordHash },
        now,
      );
      await createAccountWithAdmin(deps, tx, { name: body.account_name, userId: user.id }, now);
      return issueTokensWith(deps, key, tx, user, now);
    });
  } catch (err) {
    // Two sign-ups with one email raced past the check above.
    if (isUniqueViolation(err, 'users_email_uq')) throw new Conflict('This email is already registered');
    throw err;
  }
}
