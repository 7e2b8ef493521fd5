import { ChannelType } from '@turumba/contracts';
import type { FieldRules } from '@turumba/platform/query';
import { z } from 'zod';
import { channelTypes } from '../channels/tables';

const variableName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_.]*$/, 'letters, digits, _ and . only');

export const TemplateVariable = z.object({
  name: variableName.max(100),
  default: z.string().max(2_000).optional(),
  description: z.string().max(500).optional(),
});

const variables = z
  .array(TemplateVariable)
  .max(50)
  .refine((list) => new Set(list.map((v) => v.name)).size === list.length, 'variable names must be unique');

export const TemplateCreate = z.object({
  name: z.string().trim().min(1).max(200),
  language: z.string().trim().min(2).max(20).default('en'),
  channel_type: ChannelType.nullable().default(null),
  content: z.string().min(1).max(10_000),
  variables: variables.default([]),
  provider_template_name: z.string().trim().min(1).max(512).nullable().default(null),
});
export type TemplateCreate = z.infer<typeof TemplateCreate>;

export const TemplateUpdate = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  language: z.string().trim().min(2).max(20).optional(),
  channel_type: ChannelType.nullable().optional(),
  content: z.string().min(1).max(10_000).optional(),
  variables: variables.optional(),
  provider_template_name: z.string().trim().min(1).max(512).nullable().optional(),
});
export type TemplateUpdate = z.infer<typeof TemplateUpdate>;

export const Template = z.object({
  id: z.uuid(),
  account_id: z.uuid(),
  name: z.string(),
  language: z.string(),
  channel_type: ChannelType.nullable(),
  content: z.string(),
  variables: z.array(TemplateVariable),
  /** Placeholders found in the content. */
  placeholders: z.array(z.string()),
  provider_template_name: z.string().nullable(),
  created_by: z.uuid().nullable(),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
});
export type Template = z.infer<typeof Template>;

export const TemplateParams = z.object({ id: z.uuid() });

export const TemplateRenderRequest = z.object({
  /** Fills contact_*, conversation_* and channel_type from this conversation. */
  conversation_id: z.uuid().optional(),
  values: z.record(variableName, z.union([z.string(), z.number(), z.boolean(), z.null()])).default({}),
});
export type TemplateRenderRequest = z.infer<typeof TemplateRenderRequest>;

export const TemplateRendered = z.object({
  text: z.string(),
  missing: z.array(z.string()),
  unused: z.array(z.string()),
  /** Every value that was available, from the request, the conversation, the contact and the agent. */
  values: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});

export const templateFilterRules: FieldRules = {
  name: { type: 'string', ops: ['eq', 'icontains', 'startswith'], sortable: true },
  language: { type: 'string', ops: ['eq', 'in'], sortable: true },
  channel_type: { type: 'enum', values: channelTypes, ops: ['eq', 'in', 'is_null', 'is_not_null'] },
  created_at: { type: 'datetime', ops: ['lt', 'le', 'gt', 'ge', 'range'], sortable: true },
};
