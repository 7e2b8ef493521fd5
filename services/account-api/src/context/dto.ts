import { z } from 'zod';

export const ContextAccount = z.object({
  account_id: z.uuid(),
  name: z.string(),
  role: z.string(),
  role_id: z.uuid(),
  permissions: z.array(z.string()),
});

/** What the gateway forwards downstream about the bearer of a token. */
export const BasicContext = z.object({
  user_id: z.uuid(),
  email: z.string(),
  name: z.string(),
  account_ids: z.array(z.uuid()),
  role_ids: z.array(z.uuid()),
  accounts: z.array(ContextAccount),
});
export type BasicContext = z.infer<typeof BasicContext>;
