import {
  CONTACT_CREATED,
  CONTACT_MERGED,
  CONTACT_UNMERGED,
  type ContactCreatedData,
  type ContactMergedData,
  type ContactUnmergedData,
} from '@turumba/contracts';
import type { NewEvent } from '@turumba/platform/outbox';
import { toContactDto } from './dto';
import type { ContactRow } from './repo';

type Source = Pick<ContactCreatedData, 'source' | 'channel_type' | 'identifier'>;

export function contactCreatedEvent(row: ContactRow, source: Source, now: Date): NewEvent {
  const data: ContactCreatedData = { contact: toContactDto(row), ...source };
  return event(CONTACT_CREATED, row.accountId, row.id, data, now);
}

export function contactMergedEvent(accountId: string, data: ContactMergedData, now: Date): NewEvent {
  return event(CONTACT_MERGED, accountId, data.survivor_id, data, now);
}

export function contactUnmergedEvent(accountId: string, data: ContactUnmergedData, now: Date): NewEvent {
  return event(CONTACT_UNMERGED, accountId, data.survivor_id, data, now);
}

function event(type: string, accountId: string, contactId: string, data: object, now: Date): NewEvent {
  return {
    event_type: type,
    account_id: accountId,
    aggregate_type: 'contact',
    aggregate_id: contactId,
    data: data as Record<string, unknown>,
    occurred_at: now,
  };
}
