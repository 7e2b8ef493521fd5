/**
 * Two tenants with one of everything, created through the gateway the way a client would, so the
 * suites can attack one tenant's resources as the other.
 */
import { randomBytes } from 'node:crypto';
import type { HttpApp } from '@turumba/platform/http';
import type { SecurityStack } from './stack';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface Tenant {
  label: string;
  /** A string in every name this tenant created: no response to another tenant may contain it. */
  marker: string;
  token: string;
  refreshToken: string;
  email: string;
  password: string;
  accountId: string;
  userId: string;
  /** A second user (an agent) of the account. */
  agentId: string;
  roleId: string;
  contactId: string;
  otherContactId: string;
  teamId: string;
  cannedResponseId: string;
  channelId: string;
  conversationId: string;
  messageId: string;
  templateId: string;
  contactIdentifierId: string;
  botRuleId?: string;
  /** The web-chat visitor session of `channelId`. */
  visitorToken: string;
  visitorId: string;
}

/** A JSON call through the gateway (app.inject on the gateway; backends are real HTTP). */
export async function call(
  gateway: HttpApp,
  method: Method,
  url: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const res = await gateway.inject({
    method,
    url,
    headers,
    ...(options.body === undefined ? {} : { payload: options.body as object }),
  });
  return res;
}

async function created(gateway: HttpApp, token: string, url: string, body: unknown): Promise<{ id: string }> {
  const res = await call(gateway, 'POST', url, { token, body });
  if (res.statusCode !== 201 && res.statusCode !== 200) {
    throw new Error(`seed POST ${url}: ${res.statusCode} ${res.body}`);
  }
  return res.json().data;
}

export async function createTenant(stack: SecurityStack, label: string): Promise<Tenant> {
  const gw = stack.gateway;
  const marker = `${label}-${randomBytes(5).toString('hex')}`;
  const email = `${marker}@tenants.example.com`;
  const password = `pw-${randomBytes(9).toString('hex')}`;
  const registered = await call(gw, 'POST', '/v1/auth/register', {
    body: { email, password, name: `Admin ${marker}`, account_name: `Account ${marker}` },
  });
  if (registered.statusCode !== 201) throw new Error(`register: ${registered.statusCode} ${registered.body}`);
  const tokens = registered.json().data as { access_token: string; refresh_token: string };
  const token = tokens.access_token;
  const me = (await call(gw, 'GET', '/v1/users/me', { token })).json().data;
  const accountId: string = me.accounts?.[0]?.account_id ?? me.account_ids?.[0];
  const userId: string = me.id;

  const agent = await created(gw, token, '/v1/users', {
    email: `agent-${marker}@tenants.example.com`,
    name: `Agent ${marker}`,
    role: 'agent',
    password: `pw-${randomBytes(9).toString('hex')}`,
  });
  const role = await created(gw, token, '/v1/roles', {
    key: `r_${randomBytes(4).toString('hex')}`,
    name: `Role ${marker}`,
  });
  const contact = await created(gw, token, '/v1/contacts', {
    name: `Contact ${marker}`,
    email: `contact-${marker}@tenants.example.com`,
  });
  const otherContact = await created(gw, token, '/v1/contacts', { name: `Other ${marker}` });
  const team = await created(gw, token, '/v1/teams', { name: `Team ${marker}` });
  await created(gw, token, `/v1/teams/${team.id}/members`, { user_id: agent.id });
  await created(gw, token, '/v1/agent-preferences', {
    user_id: agent.id,
    available_channels: ['webchat'],
  }).catch(() => undefined);
  const canned = await created(gw, token, '/v1/canned-responses', {
    short_code: `sc${randomBytes(3).toString('hex')}`,
    title: `Canned ${marker}`,
    content: `Hello from ${marker}`,
  });
  const channel = await created(gw, token, '/v1/channels', {
    channel_type: 'webchat',
    name: `Chat ${marker}`,
  });
  const conversation = await created(gw, token, '/v1/conversations', {
    channel_id: channel.id,
    contact_identifier: `visitor-${marker}`,
    contact_id: contact.id,
    subject: `Subject ${marker}`,
    team_id: team.id,
  });
  const message = await created(gw, token, `/v1/conversations/${conversation.id}/messages`, {
    content: `Note ${marker}`,
    is_private: true,
  });
  const template = await created(gw, token, '/v1/templates', {
    name: `Template ${marker}`,
    content: `Hi {{contact.name}} from ${marker}`,
  });
  const identifier = await created(gw, token, '/v1/contact-identifiers', {
    contact_id: otherContact.id,
    channel_type: 'telegram',
    identifier: `tg-${marker}`,
  });
  const rule = await call(gw, 'POST', '/v1/bot-rules', {
    token,
    body: {
      name: `Rule ${marker}`,
      trigger_type: 'keyword',
      conditions: { keywords: ['refund'] },
      actions: { reply_text: `Refunds ${marker}` },
    },
  });
  const session = await call(gw, 'POST', `/v1/public/webchat/${channel.id}/sessions`, { body: {} });
  if (session.statusCode !== 201) throw new Error(`webchat session: ${session.statusCode} ${session.body}`);

  return {
    label,
    marker,
    token,
    refreshToken: tokens.refresh_token,
    email,
    password,
    accountId,
    userId,
    agentId: agent.id,
    roleId: role.id,
    contactId: contact.id,
    otherContactId: otherContact.id,
    teamId: team.id,
    cannedResponseId: canned.id,
    channelId: channel.id,
    conversationId: conversation.id,
    messageId: message.id,
    templateId: template.id,
    contactIdentifierId: identifier.id,
    botRuleId: rule.statusCode === 201 ? rule.json().data.id : undefined,
    visitorToken: session.json().data.token,
    visitorId: session.json().data.visitor_id,
  };
}

/** Every id of the tenant (what must never show up in another tenant's responses). */
export function idsOf(tenant: Tenant): string[] {
  return [
    tenant.accountId,
    tenant.userId,
    tenant.agentId,
    tenant.roleId,
    tenant.contactId,
    tenant.otherContactId,
    tenant.teamId,
    tenant.cannedResponseId,
    tenant.channelId,
    tenant.conversationId,
    tenant.messageId,
    tenant.templateId,
    tenant.contactIdentifierId,
    ...(tenant.botRuleId ? [tenant.botRuleId] : []),
  ];
}
