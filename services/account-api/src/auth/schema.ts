import { z } from 'zod';

export const LoginRequest = z.object({
  email: z.email().max(320),
  password: z.string().min(1).max(1024),
});

export const TokenPairResponse = z.object({
  access_token: z.string(),
  refresh_token: z.string(),
  expires_in: z.number().int(),
  token_type: z.literal('Bearer'),
});
