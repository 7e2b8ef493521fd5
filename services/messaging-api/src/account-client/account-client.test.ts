import { randomUUID } from 'node:crypto';
import { type FakeServer, startFakeServer } from '@turumba/platform/testing';
import { BrokenCircuitError } from 'cockatiel';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccountApiError, createAccountClient } from './index';

const accountId = randomUUID();
const contact = {
  id: randomUUID(),
  account_id: accountId,
  name: 'Sheena',
  phone: '+16505551234',
  email: null,
  labels: [],
  properties: {},
  merged_into_id: null,
  created_at: new Date().toISOString(),
  updated_at: new Date().toISOString(),
};
const found = { status: 200, body: { success: true, data: { contact, created: false }, message: null } };
const request = {
  account_id: accountId,
  channel_type: 'whatsapp' as const,
  identifier: '+16505551234',
  phone: '+16505551234',
};

let server: FakeServer;
beforeEach(async () => {
  server = await startFakeServer();
});
afterEach(() => server.close());

const client = (overrides = {}) =>
  createAccountClient({
    baseUrl: server.url,
    serviceToken: 'service-token',
    initialBackoffMs: 5,
    ...overrides,
  });

describe('account client', () => {
  it('upserts a contact with the service token', async () => {
    server.on('POST', '/internal/contacts/upsert', () => found);
    const result = await client().upsertContact(request);
    expect(result.contact.id).toBe(contact.id);
    expect(server.requests[0]!.headers['x-service-token']).toBe('service-token');
    expect(JSON.parse(server.requests[0]!.body.toString('utf8'))).toEqual(request);
  });

  it('retries a transient failure with backoff', async () => {
    let calls = 0;
    server.on('POST', '/internal/contacts/upsert', () => (++calls < 3 ? { status: 503 } : found));
    await expect(client({ retries: 2 }).upsertContact(request)).resolves.toMatchObject({ created: false });
    expect(calls).toBe(3);
  });

  it('does not retry a refusal', async () => {
    server.on('POST', '/internal/contacts/upsert', () => ({ status: 422, body: { success: false } }));
    await expect(client({ retries: 3 }).upsertContact(request)).rejects.toMatchObject({
      status: 422,
      retryable: false,
    });
    expect(server.requests).toHaveLength(1);
  });

  it('gives up on a server slower than the timeout', async () => {
    server.on(
      'POST',
      '/internal/contacts/upsert',
      () => new Promise((resolve) => setTimeout(() => resolve(found), 500)),
    );
    const error = await client({ timeoutMs: 50, retries: 0 })
      .upsertContact(request)
      .catch((e) => e);
    expect(error).toBeInstanceOf(AccountApiError);
    expect(error.retryable).toBe(true);
  });

  it('opens the circuit after consecutive failures and fails fast until it half-opens', async () => {
    server.on('POST', '/internal/contacts/upsert', () => ({ status: 500 }));
    const breaking = client({ retries: 0, breakerThreshold: 2, halfOpenAfterMs: 200 });
    await expect(breaking.upsertContact(request)).rejects.toBeInstanceOf(AccountApiError);
    await expect(breaking.upsertContact(request)).rejects.toBeInstanceOf(AccountApiError);
    await expect(breaking.upsertContact(request)).rejects.toBeInstanceOf(BrokenCircuitError);
    expect(server.requests).toHaveLength(2);
    server.on('POST', '/internal/contacts/upsert', () => found);
    await new Promise((resolve) => setTimeout(resolve, 250));
    await expect(breaking.upsertContact(request)).resolves.toMatchObject({ created: false });
    expect(server.requests).toHaveLength(3);
  });
});
