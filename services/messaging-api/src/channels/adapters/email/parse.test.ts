import { describe, expect, it } from 'vitest';
import { fixtureBytes, fixtureJson, formFixture } from '../test-fixtures';
import { parseEmailInbound } from './parse';
import { stripQuotedText } from './strip-quotes';
import { buildReplyHeaders, extractMessageIds, threadRootId } from './threading';

const now = new Date('2026-05-01T10:00:00Z');
const mime = async (file: string) =>
  (await parseEmailInbound(fixtureBytes(file), 'message/rfc822', now)).messages[0];

describe('Inbound email as raw MIME', () => {
  it('parses the RFC 5322 original with its Message-ID as message, event and thread id', async () => {
    const message = await mime('email_rfc5322_A1_1_original.eml');
    expect(message).toEqual({
      provider_message_id: '<1234@local.machine.example>',
      provider_event_id: '<1234@local.machine.example>',
      sender: {
        identifier: 'jdoe@machine.example',
        display_name: 'John Doe',
        email: 'jdoe@machine.example',
        metadata: {},
      },
      text: 'This is a message just to say hello.\nSo, "Hello".',
      attachments: [],
      timestamp: new Date('1997-11-21T15:55:06Z'),
      reply_to_provider_message_id: undefined,
      subject: 'Saying Hello',
      thread: { message_id: '<1234@local.machine.example>', in_reply_to: undefined, references: [] },
      raw_type: 'mime',
      metadata: { to: ['mary@example.net'] },
    });
  });

  it('keeps In-Reply-To and References of a reply, and its Reply-To address', async () => {
    const message = await mime('email_rfc5322_A2_reply.eml');
    expect(message).toMatchObject({
      sender: { identifier: 'mary@example.net', metadata: { reply_to: 'smith@home.example' } },
      reply_to_provider_message_id: '<1234@local.machine.example>',
      thread: {
        message_id: '<3456@example.net>',
        in_reply_to: '<1234@local.machine.example>',
        references: ['<1234@local.machine.example>'],
      },
    });
  });

  it('keeps the whole References chain of a reply to a reply', async () => {
    const message = await mime('email_rfc5322_A2_reply_to_reply.eml');
    expect(message?.thread).toEqual({
      message_id: '<abcd.1234@local.machine.test>',
      in_reply_to: '<3456@example.net>',
      references: ['<1234@local.machine.example>', '<3456@example.net>'],
    });
    expect(threadRootId(message!.thread!)).toBe('<1234@local.machine.example>');
  });

  it('lower-cases the sender, strips the quoted history and keeps attachments with their bytes', async () => {
    const raw = [
      'From: "Ann Lee" <Ann.Lee@Example.COM>',
      'To: support@example.com',
      'Subject: Re: Order 42',
      'Message-ID: <r1@example.com>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'It still does not work.',
      '',
      'On Mon, 1 May 2026 at 09:00, Support <support@example.com> wrote:',
      '> Did you restart it?',
      '--b',
      'Content-Type: image/png; name="screen.png"',
      'Content-Disposition: attachment; filename="screen.png"',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from('PNGDATA').toString('base64'),
      '--b--',
      '',
    ].join('\r\n');
    const [message] = (await parseEmailInbound(Buffer.from(raw), 'message/rfc822', now)).messages;
    expect(message?.sender).toMatchObject({ identifier: 'ann.lee@example.com', display_name: 'Ann Lee' });
    expect(message?.text).toBe('It still does not work.');
    expect(message?.attachments).toEqual([
      {
        type: 'image',
        mime_type: 'image/png',
        file_name: 'screen.png',
        size: 7,
        content: Buffer.from('PNGDATA'),
      },
    ]);
  });

  it('derives a stable id for mail without a Message-ID', async () => {
    const raw = Buffer.from(
      'From: a@b.co\r\nSubject: hi\r\nDate: Fri, 21 Nov 1997 09:55:06 -0600\r\n\r\nbody\r\n',
    );
    const first = (await parseEmailInbound(raw, 'message/rfc822', now)).messages[0];
    const second = (await parseEmailInbound(raw, 'message/rfc822', new Date())).messages[0];
    expect(first?.provider_event_id).toMatch(/^<[0-9a-f]{64}@missing-message-id>$/);
    expect(second?.provider_event_id).toBe(first?.provider_event_id);
  });
});

describe('Inbound email as a Mailgun route post', () => {
  it('reads the sample route post: From header, threading fields and Mailgun’s stripped text', async () => {
    const { messages } = await parseEmailInbound(
      formFixture('mailgun_inbound.form'),
      'application/x-www-form-urlencoded',
      now,
    );
    expect(messages).toEqual([
      {
        provider_message_id: '<517ACC75.5010709@mg.example.com>',
        provider_event_id: '<517ACC75.5010709@mg.example.com>',
        sender: {
          identifier: 'bob@mg.example.com',
          display_name: 'Bob',
          email: 'bob@mg.example.com',
          metadata: {},
        },
        text: 'Hi Alice,\n\nThis is Bob.\n\nI also attached a file.',
        attachments: [],
        timestamp: new Date('2013-04-26T18:50:29Z'),
        reply_to_provider_message_id: '<517AC78B.5060404@mg.example.com>',
        subject: 'Re: Sample POST request',
        thread: {
          message_id: '<517ACC75.5010709@mg.example.com>',
          in_reply_to: '<517AC78B.5060404@mg.example.com>',
          references: ['<517AC78B.5060404@mg.example.com>'],
        },
        raw_type: 'mailgun',
        metadata: {
          to: ['alice@mg.example.com'],
          recipient: 'monica@mg.example.com',
          envelope_sender: 'chandler@mg.example.com',
        },
      },
    ]);
  });

  it('agrees with the JSON rendering of the same post', async () => {
    const { fields } = fixtureJson('mailgun_inbound.json');
    const [message] = (
      await parseEmailInbound(formFixture('mailgun_inbound.form'), 'application/x-www-form-urlencoded', now)
    ).messages;
    expect(message?.provider_message_id).toBe(fields['Message-Id']);
    expect(message?.thread?.references).toEqual([fields.References]);
    expect(message?.text).toBe(fields['stripped-text']);
    expect(message?.subject).toBe(fields.subject);
  });

  it('strips body-plain itself when Mailgun sent no stripped-text', async () => {
    const fields = new URLSearchParams(formFixture('mailgun_inbound.form').toString('utf8'));
    fields.delete('stripped-text');
    const [message] = (
      await parseEmailInbound(Buffer.from(fields.toString()), 'application/x-www-form-urlencoded', now)
    ).messages;
    expect(message?.text).toBe('Hi Alice,\n\nThis is Bob.\n\nI also attached a file.\n\nThanks,\nBob');
  });

  it('reads attachments of a multipart post and a raw body-mime post', async () => {
    const form = new FormData();
    for (const [key, value] of new URLSearchParams(formFixture('mailgun_inbound.form').toString('utf8'))) {
      form.append(key, value);
    }
    form.append('attachment-1', new Blob(['GIF89a'], { type: 'image/gif' }), 'crabby.gif');
    const request = new Request('http://x', { method: 'POST', body: form });
    const body = Buffer.from(await request.arrayBuffer());
    const [message] = (await parseEmailInbound(body, request.headers.get('content-type')!, now)).messages;
    expect(message?.attachments).toEqual([
      {
        type: 'image',
        mime_type: 'image/gif',
        file_name: 'crabby.gif',
        size: 6,
        content: Buffer.from('GIF89a'),
      },
    ]);

    const mimePost = new URLSearchParams({
      'body-mime': fixtureBytes('email_rfc5322_A2_reply.eml').toString('utf8'),
    });
    const [fromMime] = (
      await parseEmailInbound(Buffer.from(mimePost.toString()), 'application/x-www-form-urlencoded', now)
    ).messages;
    expect(fromMime?.provider_message_id).toBe('<3456@example.net>');
  });
});

describe('Threading headers for our replies', () => {
  const vectors = fixtureJson('email_threading_vectors.json');

  type ThreadCase = { parent: string; expected_reply_headers: Record<string, string>; matches?: string };
  const fileCases = (vectors.cases as ThreadCase[]).filter((c): c is Required<ThreadCase> =>
    Boolean(c.matches),
  );
  it.each(fileCases)(
    'a reply to $parent carries the headers of $matches',
    async ({ parent, expected_reply_headers, matches }) => {
      const { thread } = (await mime(parent))!;
      const reply = buildReplyHeaders(thread!);
      expect(reply.in_reply_to).toBe(expected_reply_headers['In-Reply-To']);
      expect(reply.references.join(' ')).toBe(expected_reply_headers.References);
      const actual = await mime(matches);
      expect(actual?.thread?.in_reply_to).toBe(reply.in_reply_to);
      expect(actual?.thread?.references).toEqual(reply.references);
    },
  );

  it('a reply to the Mailgun sample carries the derived headers', async () => {
    const derived = vectors.cases.find((c: { derived?: boolean }) => c.derived);
    const [parent] = (
      await parseEmailInbound(formFixture('mailgun_inbound.form'), 'application/x-www-form-urlencoded', now)
    ).messages;
    const reply = buildReplyHeaders(parent!.thread!);
    expect(reply.in_reply_to).toBe(derived.expected_reply_headers['In-Reply-To']);
    expect(reply.references.join(' ')).toBe(derived.expected_reply_headers.References);
  });

  it('yields the h:In-Reply-To and h:References of the Mailgun send example', async () => {
    const example = new URLSearchParams(
      fixtureJson('mailgun_send_message.json').request_form_reply_example_constructed,
    );
    const [parent] = (
      await parseEmailInbound(formFixture('mailgun_inbound.form'), 'application/x-www-form-urlencoded', now)
    ).messages;
    const reply = buildReplyHeaders(parent!.thread!);
    expect(reply.in_reply_to).toBe(example.get('h:In-Reply-To'));
    expect(reply.references.join(' ')).toBe(example.get('h:References'));
  });

  it('uses a parent’s single In-Reply-To when it has no References', () => {
    expect(buildReplyHeaders({ message_id: '<b@x>', in_reply_to: '<a@x>', references: [] })).toEqual({
      in_reply_to: '<b@x>',
      references: ['<a@x>', '<b@x>'],
    });
  });

  it('extracts ids from folded and comma-separated header values', () => {
    expect(extractMessageIds('<a@x>,\r\n <b@y>  <c@z>')).toEqual(['<a@x>', '<b@y>', '<c@z>']);
    expect(extractMessageIds(undefined)).toEqual([]);
  });
});

describe('Quoted history stripping', () => {
  it.each([
    ['quoted lines', 'Yes.\n> Did it work?\n> Thanks', 'Yes.'],
    ['interleaved answers', '> Q1\nA1\n> Q2\nA2', 'A1\nA2'],
    ['an "On … wrote:" block', 'Fine.\n\nOn Tue, 2 May 2026, 10:00 Support <s@x.com> wrote:\n> old', 'Fine.'],
    [
      'a wrapped Gmail attribution',
      'Ok\n\nOn Tue, May 2, 2026 at 10:00 AM Support Team <\nsupport@example.com> wrote:\n> x',
      'Ok',
    ],
    ['a signature after "-- "', 'See you\n-- \nAnn\nACME Corp', 'See you'],
    ['an Outlook original-message separator', 'Done\n-----Original Message-----\nFrom: x', 'Done'],
    ['CRLF line endings', 'Hi\r\n\r\nOn 1 May 2026, Bob wrote:\r\n> a\r\n', 'Hi'],
  ])('removes %s', (_, input, expected) => {
    expect(stripQuotedText(input)).toBe(expected);
  });

  it('keeps a "wrote:" line without a date, which is not an attribution', () => {
    const text = 'On the phone my colleague wrote:\nthe number';
    expect(stripQuotedText(text)).toBe(text);
  });
});
