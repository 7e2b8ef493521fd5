import { ValidationFailed } from '@turumba/platform/errors';
import { type ChannelType, credentialSchemas, generateSecret } from './adapters';

export type Credentials = Record<string, unknown>;

/**
 * Secrets we create rather than ask for: Telegram's webhook secret token, the web-chat session
 * signing key, and a Meta verify token when the admin gives none (they paste ours into Meta's
 * dashboard, as they do the webhook URL).
 */
const generatedFields: Record<ChannelType, readonly string[]> = {
  telegram: ['webhook_secret'],
  webchat: ['session_secret'],
  whatsapp: ['verify_token'],
  messenger: ['verify_token'],
  sms: [],
  email: [],
};

/** The stored credentials with `changes` merged in: given fields replace, `null` removes. */
export function mergeCredentials(existing: Credentials, changes: Credentials): Credentials {
  const merged: Credentials = { ...existing };
  for (const [field, value] of Object.entries(changes)) {
    if (value === null) delete merged[field];
    else merged[field] = value;
  }
  return merged;
}

function withGeneratedFields(type: ChannelType, credentials: Credentials): Credentials {
  const filled = { ...credentials };
  for (const field of generatedFields[type]) {
    if (filled[field] === undefined || filled[field] === '') filled[field] = generateSecret();
  }
  return filled;
}

/**
 * Validates credentials against the adapter's schema (422 naming each bad field, never echoing
 * a value) after filling in the generated secrets. Unknown fields are dropped.
 */
export function prepareCredentials(type: ChannelType, credentials: Credentials): Credentials {
  const result = credentialSchemas[type].safeParse(withGeneratedFields(type, credentials));
  if (!result.success) {
    throw new ValidationFailed(
      result.error.issues.map((issue) => ({
        field: ['credentials', ...issue.path.map(String)].join('.'),
        message: issue.message,
      })),
      `Invalid ${type} credentials`,
    );
  }
  return result.data as Credentials;
}

/** What the API shows instead of the values. */
export function credentialFieldNames(credentials: Credentials): string[] {
  return Object.entries(credentials)
    .filter(([, value]) => value !== undefined && value !== null && value !== '')
    .map(([field]) => field)
    .sort();
}
