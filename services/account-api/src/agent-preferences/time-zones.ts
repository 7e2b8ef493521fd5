/*
 * IANA time zone names as Intl knows them. `Intl.supportedValuesOf('timeZone')` lists canonical
 * zones only (no "UTC", and ICU's older "Asia/Calcutta" rather than "Asia/Kolkata"), so a name
 * also counts when `Intl.DateTimeFormat` accepts it and it is shaped like a tz database name
 * (Area/Location, or a backward-compatible link such as UTC or US/Eastern). Offsets such as
 * "+03:00", which newer engines accept as zones, are not IANA names and are refused.
 */

const tzName = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+){0,2}$/;

let canonical: ReadonlySet<string> | undefined;

function accepted(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}

export function isIanaTimeZone(name: string): boolean {
  if (name.length > 64 || !tzName.test(name)) return false;
  canonical ??= new Set(Intl.supportedValuesOf('timeZone'));
  return canonical.has(name) || accepted(name);
}
