import { z } from 'zod';

export const LoginRequest = z.object({
  email: z.email().max(320),
  password: z.string().min(1).max(1024),
});

export const RegisterRequest = z.object({
  email: z.email().max(320),
  password: z.string().min(10, 'at least 10 characters').max(1024),
  name: z.string().trim().min(1).max(120),
  account_name: z.string().trim().min(1).max(120),
});
export type RegisterRequest = z.infer<typeof RegisterRequest>;

const RefreshToken = z.string().min(1).max(512);

export const RefreshRequest = z.object({ refresh_token: RefreshToken });

export const LogoutRequest = z.object({
  /** Signs out that session; without it, every session of the user. */
  refresh_token: RefreshToken.optional(),
});

export const TokenPairResponse = z.object({
  access_token: z.string(),
  refresh_token: z.string(),
  expires_in: z.number().int(),
  token_type: z.literal('Bearer'),
});
