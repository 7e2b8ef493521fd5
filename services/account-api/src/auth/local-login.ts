import { BadRequest } from '@turumba/platform/errors';

/** What local login, registration and refresh answer in Cognito mode. */
export function assertLocalLogin(enabled: boolean): void {
  if (!enabled) {
    throw new BadRequest(
      'Local sign-in is off: sign in, sign up and refresh tokens at the identity provider (Cognito)',
    );
  }
}
