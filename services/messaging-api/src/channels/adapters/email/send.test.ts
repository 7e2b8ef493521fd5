import type { AddressInfo } from 'node:net';
import { type FakeServer, startFakeServer } from '@turumba/platform/testing';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapters } from '../index';

interface Received {
  raw: Buffer;
  mailFrom: string | false;
  rcptTo: string[];
  user: unknown;
}

/** A real SMTP sink on 127.0.0.1: plain text (no STARTTLS), AUTH optional but checked when given. */
async function startSmtpSink() {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    onAuth(auth, _session, callback) {
      if (auth.username === 'agent' && auth.password === 'pw') return callback(null, { user: 'agent' });
      return callback(new Error('Invalid username or password'));
    },
    onRcptTo(address, _session, callback) {
      const code = address.address.startsWith('reject@')
        ? 550
        : address.address.startsWith('busy@')
          ? 451
          : 0;
      if (!code) return callback();
      return callback(
        Object.assign(new Error(code === 550 ? 'No such mailbox' : 'Try later'), { responseCode: code }),
      );
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          raw: Buffer.concat(chunks),
          mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : false,
          rcptTo: session.envelope.rcptTo.map((r) => r.address),
          user: session.user,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('Email over SMTP', () => {
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
  let files: FakeServer;
  const adapter = () => createAdapters({ ids: () => '7f0c9d2e-reply', timeoutMs: 2000 }).email;
  const credentials = (overrides: Record<string, unknown> = {}) => ({
    smtp_host: '127.0.0.1',
    smtp_port: smtp.port,
    smtp_username: 'agent',
    smtp_password: 'pw',
    from_address: 'support@acme.example',
    from_name: 'ACME Support',
    ...overrides,
  });

  beforeAll(async () => {
    smtp = await startSmtpSink();
    files = await startFakeServer({ 'GET /invoice.pdf': () => ({ body: '%PDF-1.4 fake' }) });
  });
  afterAll(async () => {
    await smtp.close();
    await files.close();
  });

  it('sends a threaded reply with our Message-ID, In-Reply-To and the RFC 5322 References chain', async () => {
    const result = await adapter().send({
      credentials: credentials(),
      to: 'smith@home.example',
      message: {
        text: 'This is a reply to your reply.',
        email: {
          subject: 'Saying Hello',
          in_reply_to: '<3456@example.net>',
          references: ['<1234@local.machine.example>'],
        },
      },
    });
    expect(result).toEqual({ provider_message_id: '<7f0c9d2e-reply@acme.example>' });
    const sent = smtp.received.at(-1)!;
    expect(sent).toMatchObject({
      mailFrom: 'support@acme.example',
      rcptTo: ['smith@home.example'],
      user: 'agent',
    });
    const mail = await simpleParser(sent.raw);
    expect(mail.messageId).toBe('<7f0c9d2e-reply@acme.example>');
    expect(mail.inReplyTo).toBe('<3456@example.net>');
    expect(mail.references).toEqual(['<1234@local.machine.example>', '<3456@example.net>']);
    expect(mail.headerLines.find((h) => h.key === 'references')?.line).toBe(
      'References: <1234@local.machine.example> <3456@example.net>',
    );
    expect(mail.subject).toBe('Re: Saying Hello');
    expect(mail.from?.value).toEqual([{ address: 'support@acme.example', name: 'ACME Support' }]);
    expect(mail.text?.trim()).toBe('This is a reply to your reply.');
  });

  it('starts a new thread without threading headers, with an attachment fetched from its URL', async () => {
    await adapter().send({
      credentials: credentials(),
      to: 'bob@example.com',
      message: {
        text: 'Your invoice',
        email: { subject: 'Invoice 42', from_name: 'Billing' },
        attachments: [
          {
            type: 'document',
            url: `${files.url}/invoice.pdf`,
            file_name: 'invoice.pdf',
            mime_type: 'application/pdf',
          },
        ],
      },
    });
    const mail = await simpleParser(smtp.received.at(-1)!.raw);
    expect(mail.subject).toBe('Invoice 42');
    expect(mail.inReplyTo).toBeUndefined();
    expect(mail.references).toBeUndefined();
    expect(mail.from?.value[0]?.name).toBe('Billing');
    expect(mail.attachments.map((a) => [a.filename, a.content.toString()])).toEqual([
      ['invoice.pdf', '%PDF-1.4 fake'],
    ]);
  });

  it.each([
    ['reject@example.com', 'rejected', false],
    ['busy@example.com', 'provider_unavailable', true],
  ])('maps the SMTP reply for %s to %s (retryable: %s)', async (to, code, retryable) => {
    const send = adapter().send({
      credentials: credentials(),
      to,
      message: { text: 'x', email: { subject: 's' } },
    });
    await expect(send).rejects.toMatchObject({ code, retryable });
  });

  it('fails permanently on a wrong password and retryably when the server is unreachable', async () => {
    const message = { text: 'x', email: { subject: 's' } };
    await expect(
      adapter().send({ credentials: credentials({ smtp_password: 'wrong' }), to: 'a@b.co', message }),
    ).rejects.toMatchObject({ code: 'unauthorized', retryable: false });
    const down = await startSmtpSink();
    await down.close();
    await expect(
      adapter().send({ credentials: credentials({ smtp_port: down.port }), to: 'a@b.co', message }),
    ).rejects.toMatchObject({ retryable: true });
  });

  it('refuses an email without a subject before connecting', async () => {
    const before = smtp.received.length;
    await expect(
      adapter().send({ credentials: credentials(), to: 'a@b.co', message: { text: 'x' } }),
    ).rejects.toMatchObject({
      code: 'invalid_message',
    });
    expect(smtp.received.length).toBe(before);
  });

  it('verifies credentials by logging in to the SMTP server', async () => {
    expect(await adapter().verifyCredentials(credentials())).toEqual({
      ok: true,
      details: { host: '127.0.0.1' },
    });
    expect(await adapter().verifyCredentials(credentials({ smtp_password: 'wrong' }))).toMatchObject({
      ok: false,
    });
    expect(await adapter().verifyCredentials({ smtp_host: 'h' })).toMatchObject({ ok: false });
  });
});
