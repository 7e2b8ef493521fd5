import type { Contact } from '@turumba/contracts';
import type { ContactRow } from './repo';

export function toContactDto(row: ContactRow): Contact {
  return {
    id: row.id,
    account_id: row.accountId,
    name: row.name,
    phone: row.phone,
    email: row.email,
    labels: row.labels,
    properties: row.properties,
    merged_into_id: row.mergedIntoId,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}
