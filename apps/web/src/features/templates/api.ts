import type { ChannelType } from '@turumba/contracts';
import type { Http } from '../../lib/http';

/** A message template (provider-approved for WhatsApp), sendable outside the 24-hour window. */
export interface Template {
  id: string;
  name: string;
  language: string;
  channel_type: ChannelType | null;
  content: string;
  provider_template_name: string | null;
}

export const templatesApi = (http: Http) => ({
  list: () => http.list<Template>('/v1/templates', { limit: 200, sort: 'name:asc' }),
});

export const templateKeys = { all: ['templates'] as const };
