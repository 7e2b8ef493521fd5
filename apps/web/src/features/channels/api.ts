import type { ChannelType } from '@turumba/contracts';
import type { Http } from '../../lib/http';

export type ChannelStatus = 'connected' | 'disconnected' | 'rate_limited' | 'error' | 'disabled';

/** A channel as the API shows it: credential names, never their values. */
export interface Channel {
  id: string;
  channel_type: ChannelType;
  name: string;
  status: ChannelStatus;
  is_enabled: boolean;
  credentials_set: string[];
  settings: Record<string, unknown>;
  last_error: string | null;
  verified_at: string | null;
  /** Where the provider must send webhooks. */
  webhook_url: string;
  created_at: string;
}

export interface Verification {
  ok: boolean;
  reason?: string;
  details?: Record<string, unknown>;
}

export interface NewChannel {
  channel_type: ChannelType;
  name: string;
  credentials: Record<string, unknown>;
  is_enabled: boolean;
}

const base = '/v1/channels';

export const channelsApi = (http: Http) => ({
  list: () => http.list<Channel>(base, { limit: 500, sort: 'created_at:desc' }),
  create: (input: NewChannel) => http.post<Channel>(base, input),
  update: (
    id: string,
    patch: { name?: string; is_enabled?: boolean; credentials?: Record<string, unknown> },
  ) => http.patch<Channel>(`${base}/${id}`, patch),
  verify: (id: string) => http.post<Channel & { verification?: Verification }>(`${base}/${id}/verify`),
  remove: (id: string) => http.delete(`${base}/${id}`),
});

export const channelKeys = { all: ['channels'] as const };
