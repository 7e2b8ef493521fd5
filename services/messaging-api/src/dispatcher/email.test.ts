import type { AddressInfo } from 'node:net';
import { and, eq } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureBytes, formFixture } from '../channels/adapters/test-fixtures';
import { type PipelineHarness, startPipelineHarness, waitFor } from '../channels/test-harness';
import { conversations } from '../conversations/tables';
import { messageById, seedOutboundMessage } from '../inbound/test-seed';
import { messages } from '../messages/tables';
import { sign, webhookPath } from '../webhooks/test-signing';

/** A real SMTP sink on 127.0.0.1 (no TLS); `reject@` recipients get a permanent 550. */
async function startSmtpSink() {
  const received: Buffer[] = [];
  const server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    onRcptTo(address, _session, callback) {
      if (!address.address.startsWith('reject@')) return callback();
      return callback(Object.assign(new Error('No such mailbox'), { responseCode: 550 }));
    },
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push(Buffer.concat(chunks));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

// Mailgun signs a timestamp that must be fresh: time starts at the fixture's and runs on.
const MAILGUN_TIMESTAMP = 1544797214;
const startedAt = Date.now();
const clock = () => new Date(MAILGUN_TIMESTAMP * 1000 + 30_000 + (Date.now() - startedAt));

let h: PipelineHarness;
let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
let email: { id: string; webhook_url: string };

async function postRelay(file: string) {
  const body = fixtureBytes(file);
  const response = await h.postWebhook(
    webhookPath(email.webhook_url),
    body,
    sign.emailRelay('relay-key', body, clock()),
  );
  expect(response.statusCode).toBe(200);
}

async function conversationOf(identifier: string, messageCount: number) {
  return waitFor(async () => {
    const [conversation] = await h.db
      .select()
      .from(conversations)
      .where(and(eq(conversations.channelId, email.id), eq(conversations.contactIdentifier, identifier)));
    if (!conversation) return undefined;
    const rows = await h.db.select().from(messages).where(eq(messages.conversationId, conversation.id));
    return rows.length === messageCount ? conversation : undefined;
  }, `${messageCount} message(s) from ${identifier}`);
}

async function replyAndReceive(conversation: typeof conversations.$inferSelect, content: string) {
  const before = smtp.received.length;
  const reply = await seedOutboundMessage(h, conversation, { content, createdAt: clock() }, true);
  await waitFor(async () => smtp.received.length > before, 'the mail in the SMTP sink');
  const sent = await waitFor(async () => {
    const row = await messageById(h, reply.id);
    return row.status === 'sent' ? row : undefined;
  }, 'sent');
  return { sent, mail: await simpleParser(smtp.received.at(-1)!) };
}

beforeAll(async () => {
  smtp = await startSmtpSink();
  // Threading alone: routing's activity lines would change the message counts waited for.
  h = await startPipelineHarness({ clock, workerOptions: { routing: false } });
  email = await h.createChannel('email', {
    smtp_host: '127.0.0.1',
    smtp_port: smtp.port,
    from_address: 'support@acme.example',
    from_name: 'ACME Support',
    inbound_signing_key: 'relay-key',
  });
});
afterAll(async () => {
  await h.cleanup();
  await smtp.close();
});

describe('email channel', () => {
  it('accepts a signed Mailgun route post and rejects a wrong key', async () => {
    const mailgun = await h.createChannel('email', {
      smtp_host: '127.0.0.1',
      smtp_port: smtp.port,
      from_address: 'alice@mg.example.com',
      inbound_signing_key: 'some key',
    });
    const body = formFixture('mailgun_inbound.form');
    const headers = { 'content-type': 'application/x-www-form-urlencoded' };
    const path = webhookPath(mailgun.webhook_url);
    expect((await h.postWebhook(path, body, headers)).statusCode).toBe(200);
    const conversation = await waitFor(
      () =>
        h.db
          .select()
          .from(conversations)
          .where(eq(conversations.channelId, mailgun.id))
          .then((r) => r[0]),
      'the Mailgun conversation',
    );
    expect(conversation).toMatchObject({
      contactIdentifier: 'bob@mg.example.com',
      subject: 'Re: Sample POST request',
    });
    const other = await h.createChannel('email', {
      smtp_host: 'h',
      smtp_port: 25,
      from_address: 'a@b.co',
      inbound_signing_key: 'wrong',
    });
    expect((await h.postWebhook(webhookPath(other.webhook_url), body, headers)).statusCode).toBe(401);
  });

  it('replies over SMTP in the customer\'s thread: "Re: <subject>", In-Reply-To and References', async () => {
    await postRelay('email_rfc5322_A1_1_original.eml');
    const conversation = await conversationOf('jdoe@machine.example', 1);
    expect(conversation.subject).toBe('Saying Hello');
    const { sent, mail } = await replyAndReceive(conversation, 'Hello John, how can we help?');
    expect(mail.subject).toBe('Re: Saying Hello');
    expect(mail.inReplyTo).toBe('<1234@local.machine.example>');
    expect(mail.references).toEqual('<1234@local.machine.example>');
    expect(mail.to && 'text' in mail.to ? mail.to.text : '').toContain('jdoe@machine.example');
    expect(mail.text).toContain('Hello John');
    expect(sent.providerMessageId).toBe(mail.messageId);
  });

  it("follows the customer's latest email when they answer again", async () => {
    await postRelay('email_rfc5322_A2_reply_to_reply.eml');
    const conversation = await conversationOf('jdoe@machine.example', 3);
    const { mail } = await replyAndReceive(conversation, 'Second answer');
    expect(mail.inReplyTo).toBe('<abcd.1234@local.machine.test>');
    expect(mail.references).toEqual([
      '<1234@local.machine.example>',
      '<3456@example.net>',
      '<abcd.1234@local.machine.test>',
    ]);
  });

  it('fails a reply the SMTP server refuses for good', async () => {
    const [conversation] = await h.db
      .update(conversations)
      .set({ contactIdentifier: 'reject@machine.example' })
      .where(
        and(
          eq(conversations.channelId, email.id),
          eq(conversations.contactIdentifier, 'jdoe@machine.example'),
        ),
      )
      .returning();
    const reply = await seedOutboundMessage(h, conversation!, { content: 'bounce' }, true);
    const failed = await waitFor(async () => {
      const row = await messageById(h, reply.id);
      return row.status === 'failed' ? row : undefined;
    }, 'failed');
    expect(failed.error).toMatchObject({ code: 'rejected', provider_status: 550 });
  });
});
