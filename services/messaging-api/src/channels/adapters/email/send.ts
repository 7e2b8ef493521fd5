import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
import type { EmailCredentials } from '../credentials';
import { ProviderError, permanent } from '../errors';
import { renderButtons } from '../shared/text';
import type { OutboundMessage } from '../types';

export function createSmtpTransport(creds: EmailCredentials, timeoutMs: number) {
  return nodemailer.createTransport({
    host: creds.smtp_host,
    port: creds.smtp_port,
    // 465 is implicit TLS; 587 is submission, where STARTTLS must not be skipped (RFC 6409/8314).
    secure: creds.smtp_port === 465,
    requireTLS: creds.smtp_port === 587,
    auth: creds.smtp_username ? { user: creds.smtp_username, pass: creds.smtp_password ?? '' } : undefined,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
}

/**
 * The mail to submit (pure). The Message-ID is ours, `<id@from-domain>`, so replies that quote it
 * in In-Reply-To/References find the conversation again. References = the parent's References
 * + the parent's Message-ID (RFC 5322 §3.6.4), duplicates removed.
 */
export function buildEmail(
  creds: EmailCredentials,
  to: string,
  message: OutboundMessage,
  id: string,
): Mail.Options {
  const email = message.email;
  if (!email?.subject) throw permanent('invalid_message', 'an email needs message.email.subject');
  if (message.template) throw permanent('unsupported_message', 'email has no provider templates');
  const domain = creds.from_address.split('@')[1];
  const references = [
    ...new Set([...(email.references ?? []), ...(email.in_reply_to ? [email.in_reply_to] : [])]),
  ];
  const isReply = Boolean(email.in_reply_to);
  return {
    messageId: `<${id}@${domain}>`,
    from: { name: email.from_name ?? creds.from_name ?? '', address: creds.from_address },
    to,
    subject: isReply && !/^re:/i.test(email.subject) ? `Re: ${email.subject}` : email.subject,
    text: renderButtons(message),
    inReplyTo: email.in_reply_to,
    references: references.length ? references : undefined,
    // nodemailer fetches URL paths itself when it builds the message.
    attachments: (message.attachments ?? []).map((a) => ({
      filename: a.file_name,
      path: a.url,
      contentType: a.mime_type,
    })),
  };
}

const NETWORK_CODES = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'EDNS',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPROXY',
]);

/** SMTP replies 4xx are transient by definition (RFC 5321 §4.2.1), 5xx permanent. */
export function smtpError(err: unknown): ProviderError {
  const e = err as { code?: string; responseCode?: number; message?: string };
  const message = `SMTP: ${e.message ?? String(err)}`;
  const status = e.responseCode;
  if (e.code === 'EAUTH') {
    return new ProviderError({ code: 'unauthorized', message, retryable: false, providerStatus: status });
  }
  if (status !== undefined && status >= 500) {
    return new ProviderError({ code: 'rejected', message, retryable: false, providerStatus: status });
  }
  if (status !== undefined && status >= 400) {
    return new ProviderError({
      code: 'provider_unavailable',
      message,
      retryable: true,
      providerStatus: status,
    });
  }
  if (e.code === 'EENVELOPE' || e.code === 'EMESSAGE') {
    return new ProviderError({ code: 'invalid_message', message, retryable: false });
  }
  const code = e.code === 'ETIMEDOUT' ? 'timeout' : 'network_error';
  return new ProviderError({ code, message, retryable: e.code === undefined || NETWORK_CODES.has(e.code) });
}
