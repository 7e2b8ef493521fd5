import { ValidationFailed } from '@turumba/platform/errors';
import { phoneCountry, toE164 } from './phone';

export const MAX_PROPERTIES_BYTES = 16 * 1024;

export function isWithinPropertiesLimit(properties: Record<string, unknown>): boolean {
  return Buffer.byteLength(JSON.stringify(properties)) <= MAX_PROPERTIES_BYTES;
}

/** Contact fields as a request gives them: phone in any international form, email in any case. */
export interface ContactFieldsInput {
  name?: string | null;
  phone?: string | null;
  email?: string | null;
  labels?: string[];
  properties?: Record<string, unknown>;
  default_country?: string;
}

/** The same fields ready to store; a key is present only when the input had it. */
export interface ContactFields {
  name?: string | null;
  phone?: string | null;
  email?: string | null;
  labels?: string[];
  properties?: Record<string, unknown>;
}

/** Trimmed labels, first occurrence kept. */
export function dedupeLabels(labels: readonly string[]): string[] {
  return [...new Set(labels.map((l) => l.trim()).filter((l) => l !== ''))];
}

/**
 * Normalises what the schema could not: phone to E.164 (with the optional `default_country`),
 * email to lower case, labels deduplicated. Throws 422 naming the `body.*` field.
 */
export function normalizeContactFields(input: ContactFieldsInput): ContactFields {
  const country = phoneCountry(input.default_country);
  if (input.default_country !== undefined && !country) {
    throw new ValidationFailed([
      { field: 'body.default_country', message: 'Unknown country code (ISO 3166 alpha-2 expected)' },
    ]);
  }
  const fields: ContactFields = {};
  if (input.name !== undefined) fields.name = input.name?.trim() || null;
  if (input.email !== undefined) fields.email = input.email?.trim().toLowerCase() || null;
  if (input.labels !== undefined) fields.labels = dedupeLabels(input.labels);
  if (input.properties !== undefined) {
    if (!isWithinPropertiesLimit(input.properties)) {
      const message = `At most ${MAX_PROPERTIES_BYTES} bytes of JSON`;
      throw new ValidationFailed([{ field: 'body.properties', message }]);
    }
    fields.properties = input.properties;
  }
  if (input.phone !== undefined) {
    const phone = input.phone === null ? null : toE164(input.phone, country);
    if (phone === undefined) {
      const hint = country
        ? ''
        : ' in international format (+<country code><number>) or give default_country';
      throw new ValidationFailed([{ field: 'body.phone', message: `Not a valid phone number${hint}` }]);
    }
    fields.phone = phone;
  }
  return fields;
}
