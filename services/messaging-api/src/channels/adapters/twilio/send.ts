import { z } from 'zod';
import { errorFromHttpStatus, type ProviderError, permanent } from '../errors';
import { renderButtons } from '../shared/text';
import type { OutboundMessage } from '../types';
import { splitTwilioAddress } from './parse';

/**
 * The Messages.json form (pure). A sender that is a Messaging Service SID goes as
 * MessagingServiceSid; a `whatsapp:` sender needs the same prefix on the recipient.
 */
export function buildTwilioForm(
  sender: string,
  to: string,
  message: OutboundMessage,
  statusCallbackUrl?: string,
): URLSearchParams {
  if (message.template)
    throw permanent('unsupported_message', 'Twilio templates (ContentSid) are not supported');
  const attachments = message.attachments ?? [];
  if (attachments.some((a) => a.type === 'location')) {
    throw permanent('unsupported_message', 'Twilio cannot send a location');
  }
  const body = renderButtons(message);
  if (!body && !attachments.length) throw permanent('invalid_message', 'an SMS needs text or media');
  const { channel } = splitTwilioAddress(sender);
  const hasPrefix = splitTwilioAddress(to).channel !== 'sms';
  const form = new URLSearchParams();
  form.set('To', channel !== 'sms' && !hasPrefix ? `${channel}:${to}` : to);
  form.set(/^MG[0-9a-f]{32}$/i.test(sender) ? 'MessagingServiceSid' : 'From', sender);
  if (body) form.set('Body', body);
  for (const attachment of attachments) form.append('MediaUrl', attachment.url);
  if (statusCallbackUrl) form.set('StatusCallback', statusCallbackUrl);
  return form;
}

const TwilioError = z.object({ code: z.number().optional(), message: z.string().optional() });

/** Twilio errors are `{code, message, more_info, status}`; 20429 is its "too many requests". */
export function twilioError(status: number, body: unknown, retryAfterSeconds?: number): ProviderError {
  const parsed = TwilioError.safeParse(body);
  const error = parsed.success ? parsed.data : {};
  return errorFromHttpStatus({
    provider: 'Twilio',
    status: error.code === 20429 ? 429 : status,
    message: error.message,
    providerCode: error.code,
    retryAfterSeconds,
  });
}

export function twilioMessageSid(body: unknown): string {
  const parsed = z.object({ sid: z.string() }).safeParse(body);
  if (!parsed.success) throw permanent('rejected', 'Twilio answered without a message sid');
  return parsed.data.sid;
}
