import { placeholdersOf } from './render';
import type { TemplateRow } from './repo';
import type { Template } from './schema';

export function toTemplateDto(row: TemplateRow): Template {
  return {
    id: row.id,
    account_id: row.accountId,
    name: row.name,
    language: row.language,
    channel_type: row.channelType,
    content: row.content,
    variables: row.variables,
    placeholders: placeholdersOf(row.content),
    provider_template_name: row.providerTemplateName,
    created_by: row.createdBy,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}
