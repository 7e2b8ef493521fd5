import { type CountryCode, isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js';

/** The ISO 3166 alpha-2 code when libphonenumber knows the country, else undefined. */
export function phoneCountry(code: string | undefined): CountryCode | undefined {
  const upper = code?.trim().toUpperCase();
  return upper && isSupportedCountry(upper) ? upper : undefined;
}

/**
 * `raw` in E.164, or undefined when it is not a valid number. Without `defaultCountry` the number
 * must be international (`+251 91 123 4567` or `00251...`); with it, national forms parse too.
 */
export function toE164(raw: string, defaultCountry?: CountryCode): string | undefined {
  const text = raw.trim().replace(/^00(?=\d)/, '+');
  const parsed = parsePhoneNumberFromString(text, defaultCountry ? { defaultCountry } : undefined);
  return parsed?.isValid() ? parsed.number : undefined;
}

/**
 * A channel identifier that is a phone: WhatsApp ids are international digits without the plus
 * (`251911234567`), Twilio sends E.164. Undefined when it does not parse, which callers ignore:
 * the sender still gets a contact, just without a phone.
 */
export function phoneFromIdentifier(identifier: string): string | undefined {
  const compact = identifier.trim().replace(/[\s()-]/g, '');
  if (/^\d{7,15}$/.test(compact)) return toE164(`+${compact}`);
  return toE164(compact);
}
