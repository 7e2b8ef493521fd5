import { createHttp, type Http } from '../../lib/http';
import type { AuthTransport } from './session';
import type { TokenPair } from './token-schedule';

/** One of my accounts as `/v1/users/me` lists it (the Account API's context account). */
export interface MyAccount {
  account_id: string;
  name: string;
  role: string;
  role_id?: string;
  permissions?: string[];
}

/** `GET /v1/users/me`. */
export interface Me {
  id: string;
  email: string;
  name: string;
  accounts: MyAccount[];
}

/**
 * Login and refresh need no bearer, and logout carries the session's own: a client without auth,
 * so a 401 never loops into a refresh.
 */
export function authTransport(http: Http = createHttp(null)): AuthTransport {
  return {
    login: (email, password) => http.post<TokenPair>('/v1/auth/login', { email, password }),
    refresh: (refreshToken) => http.post<TokenPair>('/v1/auth/refresh', { refresh_token: refreshToken }),
    logout: async (refreshToken, accessToken) => {
      await http.post(
        '/v1/auth/logout',
        { refresh_token: refreshToken },
        { authorization: `Bearer ${accessToken}` },
      );
    },
  };
}

export const meApi = (http: Http) => ({
  get: () => http.get<Me>('/v1/users/me'),
});
