import type { ContactIdentifierRow } from './repo';
import type { ContactIdentifierDto } from './schema';

export function toContactIdentifierDto(row: ContactIdentifierRow): ContactIdentifierDto {
  return {
    id: row.id,
    account_id: row.accountId,
    contact_id: row.contactId,
    channel_type: row.channelType,
    identifier: row.identifier,
    display_name: row.displayName,
    metadata: row.metadata,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

/** Identifiers compare exactly, so emails are lower-cased and everything is trimmed. */
export function normalizeIdentifier(channelType: string, raw: string): string {
  const trimmed = raw.trim();
  return channelType === 'email' ? trimmed.toLowerCase() : trimmed;
}
