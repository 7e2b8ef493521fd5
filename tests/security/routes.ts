/** The REST surface of the backends, read from their own route tables (a new route is covered as soon as it exists). */
import { type RegisteredRoute, registeredRoutes } from '@turumba/platform/http';
import type { SecurityStack } from './stack';
import type { Tenant } from './tenants';

export interface ApiRoute extends RegisteredRoute {
  service: 'account' | 'messaging';
}

const publicPrefixes = ['/v1/auth/', '/v1/webhooks/', '/v1/public/'];

export function isPublicRoute(url: string): boolean {
  return publicPrefixes.some((prefix) => url.startsWith(prefix));
}

/** Every `/v1` route of the Account and Messaging APIs (the only ones the gateway exposes). */
export function apiRoutes(stack: SecurityStack): ApiRoute[] {
  return [
    ...registeredRoutes(stack.account).map((r) => ({ ...r, service: 'account' as const })),
    ...registeredRoutes(stack.messaging).map((r) => ({ ...r, service: 'messaging' as const })),
  ].filter((r) => r.url.startsWith('/v1/'));
}

/** Which of a tenant's ids a path parameter of a resource stands for. */
const idByResource: Record<string, (t: Tenant) => string | undefined> = {
  accounts: (t) => t.accountId,
  users: (t) => t.agentId,
  roles: (t) => t.roleId,
  teams: (t) => t.teamId,
  contacts: (t) => t.contactId,
  'agent-preferences': (t) => t.agentId,
  conversations: (t) => t.conversationId,
  'canned-responses': (t) => t.cannedResponseId,
  'contact-identifiers': (t) => t.contactIdentifierId,
  channels: (t) => t.channelId,
  templates: (t) => t.templateId,
  'bot-rules': (t) => t.botRuleId,
  messages: (t) => t.messageId,
};
const idByParam: Record<string, (t: Tenant) => string | undefined> = {
  user_id: (t) => t.agentId,
  channel_type: () => 'webchat',
  channel_id: (t) => t.channelId,
  conversation_id: (t) => t.conversationId,
  contact_id: (t) => t.contactId,
  team_id: (t) => t.teamId,
  message_id: (t) => t.messageId,
};

/** The route's URL with every parameter replaced by the tenant's matching id; throws for an unknown one. */
export function urlFor(route: RegisteredRoute, tenant: Tenant): string {
  const resource = route.url.split('/')[2] ?? '';
  return route.url.replace(/:([a-z_]+)/g, (_, param: string) => {
    const pick = param === 'id' ? idByResource[resource] : idByParam[param];
    const id = pick?.(tenant);
    if (!id) {
      throw new Error(`No id of a seeded resource for :${param} in ${route.method} ${route.url}: seed one`);
    }
    return id;
  });
}

export function hasParams(route: RegisteredRoute): boolean {
  return route.url.includes(':');
}
