/**
 * Seeds through the public API, via the gateway, as a customer would: register (an account and
 * its admin), add agent users, sign each in, create channels with known webhook secrets.
 */
import { randomBytes } from 'node:crypto';
import type { BenchChannel } from './webhooks';

const PASSWORD = 'e2e-bench-password-1';

async function call<T>(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  token?: string,
  account?: string,
) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(account ? { 'x-account-id': account } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
  return (JSON.parse(text) as { data: T }).data;
}

export interface Seeded {
  accountId: string;
  adminToken: string;
  agents: Array<{ userId: string; email: string; token: string }>;
  channels: BenchChannel[];
}

export async function seed(
  gateway: string,
  options: { agents: number; role: string; telegram: number; whatsapp: number },
): Promise<Seeded> {
  const run = randomBytes(3).toString('hex');
  const admin = await call<{ access_token: string }>(gateway, 'POST', '/v1/auth/register', {
    email: `e2e-admin-${run}@bench.local`,
    password: PASSWORD,
    name: 'E2E Admin',
    account_name: `E2E bench ${run}`,
  });
  const adminToken = admin.access_token;
  const [account] = await call<Array<{ id: string }>>(gateway, 'GET', '/v1/accounts', undefined, adminToken);
  const accountId = account!.id;

  const agents: Seeded['agents'] = [];
  for (let i = 0; i < options.agents; i++) {
    const email = `e2e-agent-${i}-${run}@bench.local`;
    const member = await call<{ id?: string; user_id?: string }>(
      gateway,
      'POST',
      '/v1/users',
      { email, name: `Agent ${i}`, role: options.role, password: PASSWORD },
      adminToken,
      accountId,
    );
    const login = await call<{ access_token: string }>(gateway, 'POST', '/v1/auth/login', {
      email,
      password: PASSWORD,
    });
    agents.push({ userId: String(member.user_id ?? member.id), email, token: login.access_token });
  }

  const channels: BenchChannel[] = [];
  const create = async (type: BenchChannel['type'], index: number) => {
    const secret = `e2e${randomBytes(16).toString('hex')}`;
    const credentials =
      type === 'telegram'
        ? { bot_token: `${100000 + index}:e2e-bench-token`, webhook_secret: secret }
        : {
            access_token: 'e2e-access-token',
            phone_number_id: `e2e-phone-${index}`,
            business_account_id: 'e2e-business',
            app_secret: secret,
            verify_token: 'e2e-verify',
          };
    const channel = await call<{ id: string; status: string }>(
      gateway,
      'POST',
      '/v1/channels',
      { channel_type: type, name: `${type} ${index}`, credentials },
      adminToken,
      accountId,
    );
    channels.push({ id: channel.id, type, secret });
  };
  for (let i = 0; i < Math.max(options.telegram, options.whatsapp); i++) {
    if (i < options.telegram) await create('telegram', i);
    if (i < options.whatsapp) await create('whatsapp', i);
  }
  return { accountId, adminToken, agents, channels };
}
