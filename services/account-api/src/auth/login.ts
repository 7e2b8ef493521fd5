import { Unauthorized } from '@turumba/platform/errors';
import type { AuthServiceDeps } from './deps';
import { assertLocalLogin } from './local-login';
import { verifyPassword } from './passwords';
import { issueTokens, type TokenPair } from './tokens';

/** Email and password sign-in, throttled per (email, client IP). */
export async function login(
  deps: AuthServiceDeps,
  email: string,
  password: string,
  ip: string,
): Promise<TokenPair> {
  assertLocalLogin(deps.localLoginEnabled);
  const subject = `${email.trim().toLowerCase()}|${ip}`;
  await deps.loginLimiter.attempt(subject);
  const user = await deps.users.findByEmail(email);
  // Always verified (against a decoy hash for unknown emails) so timing does not reveal accounts.
  const valid = await verifyPassword(password, user?.passwordHash);
  if (!user || !valid || !user.isActive) throw new Unauthorized('Invalid email or password');
  await deps.loginLimiter.reset(subject);
  return issueTokens(deps, user, deps.clock());
}
