import type { ChannelType } from '@turumba/contracts';

export interface CredentialField {
  name: string;
  label: string;
  kind: 'text' | 'secret' | 'number' | 'email';
  required: boolean;
  hint?: string;
  placeholder?: string;
}

const secret = (name: string, label: string, hint?: string): CredentialField => ({
  name,
  label,
  kind: 'secret',
  required: true,
  hint,
});
const text = (name: string, label: string, hint?: string, required = true): CredentialField => ({
  name,
  label,
  kind: 'text',
  required,
  hint,
});

/** The credentials each provider needs (ARCHITECTURE.md §7); webchat needs none. */
export const credentialFields: Record<ChannelType, readonly CredentialField[]> = {
  telegram: [secret('bot_token', 'Bot token', 'From @BotFather, like 123456:ABC-DEF…')],
  whatsapp: [
    secret('access_token', 'Access token', 'A permanent system-user token of the WhatsApp Business app.'),
    text('phone_number_id', 'Phone number ID'),
    text('business_account_id', 'Business account ID'),
    secret('app_secret', 'App secret', 'Checks the X-Hub-Signature-256 of every webhook.'),
    text('verify_token', 'Verify token', 'Any string; enter the same one in the Meta webhook settings.'),
  ],
  messenger: [
    secret('page_access_token', 'Page access token'),
    text('page_id', 'Page ID'),
    secret('app_secret', 'App secret', 'Checks the X-Hub-Signature-256 of every webhook.'),
    text('verify_token', 'Verify token', 'Any string; enter the same one in the Meta webhook settings.'),
  ],
  sms: [
    text('account_sid', 'Twilio account SID', undefined),
    secret('auth_token', 'Auth token'),
    text('sender_number', 'Sender', 'An E.164 number (+15551234567) or a Messaging Service SID (MG…).'),
  ],
  email: [
    text('smtp_host', 'SMTP host'),
    { name: 'smtp_port', label: 'SMTP port', kind: 'number', required: true, placeholder: '587' },
    text('smtp_username', 'SMTP username', undefined, false),
    { name: 'smtp_password', label: 'SMTP password', kind: 'secret', required: false },
    {
      name: 'from_address',
      label: 'From address',
      kind: 'email',
      required: true,
      placeholder: 'support@example.com',
    },
    text('from_name', 'From name', undefined, false),
    {
      name: 'inbound_signing_key',
      label: 'Inbound signing key',
      kind: 'secret',
      required: false,
      hint: 'The signing key of your inbound mail route (Mailgun-style), to verify incoming email.',
    },
  ],
  webchat: [],
};

/** Required fields left blank, as `{field: message}`. */
export function missingCredentials(
  type: ChannelType,
  values: Record<string, string>,
): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const field of credentialFields[type]) {
    if (field.required && !values[field.name]?.trim()) errors[field.name] = 'Required';
  }
  return errors;
}

/**
 * The `credentials` object to send: trimmed, blanks dropped (on edit a blank secret keeps the
 * stored one), the SMTP port as a number, and Twilio named as the SMS provider.
 */
export function buildCredentials(type: ChannelType, values: Record<string, string>): Record<string, unknown> {
  const credentials: Record<string, unknown> = {};
  for (const field of credentialFields[type]) {
    const value = values[field.name]?.trim();
    if (!value) continue;
    credentials[field.name] = field.kind === 'number' ? Number(value) : value;
  }
  if (type === 'sms') credentials.provider = 'twilio';
  return credentials;
}
