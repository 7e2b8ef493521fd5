import { randomUUID } from 'node:crypto';
import type { Contact, InternalContactUpsertRequest } from '@turumba/contracts';
import { type FakeServer, startFakeServer } from '@turumba/platform/testing';

export interface FakeAccountApi {
  server: FakeServer;
  url: string;
  contacts: Contact[];
  /** Upsert calls received, in order. */
  upserts: InternalContactUpsertRequest[];
  /** The next `count` upsert calls answer 500 (an Account API outage). */
  failNextUpserts(count: number): void;
  /** The next `count` upsert calls for this identifier answer 500. */
  failUpsertsFor(identifier: string, count: number): void;
  close(): Promise<void>;
}

/**
 * An in-memory Account API for tests: `/internal/contacts/upsert` finds by phone, then email,
 * then channel identity, as the real one does, and `GET /internal/contacts/{id}`.
 */
export async function startFakeAccountApi(serviceToken: string): Promise<FakeAccountApi> {
  const contacts: Contact[] = [];
  const upserts: InternalContactUpsertRequest[] = [];
  const identities = new Map<string, Contact>();
  let failures = 0;
  const failuresFor = new Map<string, number>();
  const server = await startFakeServer({
    'POST /internal/contacts/upsert': ({ body, headers }) => {
      if (headers['x-service-token'] !== serviceToken) return { status: 401, body: { success: false } };
      const request = JSON.parse(body.toString('utf8')) as InternalContactUpsertRequest;
      upserts.push(request);
      const targeted = failuresFor.get(request.identifier ?? '') ?? 0;
      if (failures > 0 || targeted > 0) {
        if (targeted > 0) failuresFor.set(request.identifier ?? '', targeted - 1);
        else failures--;
        return { status: 500, body: { success: false, error: 'internal_error' } };
      }
      const identity = `${request.channel_type}:${request.identifier}`;
      const found =
        contacts.find((c) => request.phone && c.phone === request.phone) ??
        contacts.find((c) => request.email && c.email === request.email) ??
        identities.get(identity);
      if (found)
        return {
          status: 200,
          body: { success: true, data: { contact: found, created: false }, message: null },
        };
      const now = new Date().toISOString();
      const contact: Contact = {
        id: randomUUID(),
        account_id: request.account_id,
        name: request.name ?? null,
        phone: request.phone ?? null,
        email: request.email ?? null,
        labels: [],
        properties: {},
        merged_into_id: null,
        created_at: now,
        updated_at: now,
      };
      contacts.push(contact);
      identities.set(identity, contact);
      return { status: 201, body: { success: true, data: { contact, created: true }, message: null } };
    },
  });
  return {
    server,
    url: server.url,
    contacts,
    upserts,
    failNextUpserts: (count) => {
      failures = count;
    },
    failUpsertsFor: (identifier, count) => {
      failuresFor.set(identifier, count);
    },
    close: () => server.close(),
  };
}
