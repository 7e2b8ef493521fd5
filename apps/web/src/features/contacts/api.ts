import type { Contact } from '@turumba/contracts';
import type { Http } from '../../lib/http';
import type { ContactIdentifier } from '../conversations/api';

export const contactsApi = (http: Http) => ({
  get: (id: string) => http.get<Contact>(`/v1/contacts/${id}`),
  /** Every channel identity of a contact (Messaging API, spec §1.5). */
  identifiers: (contactId: string) =>
    http.list<ContactIdentifier>('/v1/contact-identifiers', { contact_id: contactId, limit: 100 }),
});
