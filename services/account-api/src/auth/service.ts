import type { AuthServiceDeps } from './deps';
import { login } from './login';
import { logout, refresh } from './refresh';
import { register } from './register';
import type { RegisterRequest } from './schema';

export type { AuthServiceDeps } from './deps';

export function createAuthService(deps: AuthServiceDeps) {
  return {
    login: (email: string, password: string, ip: string) => login(deps, email, password, ip),
    register: (body: RegisterRequest) => register(deps, body),
    refresh: (refreshToken: string) => refresh(deps, refreshToken),
    logout: (userId: string, refreshToken?: string) => logout(deps, userId, refreshToken),
  };
}
export type AuthService = ReturnType<typeof createAuthService>;
