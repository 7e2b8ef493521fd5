import { describe, expect, it } from 'vitest';
import { phoneCountry, phoneFromIdentifier, toE164 } from './phone';

describe('toE164', () => {
  it.each([
    ['+251 91 123 4567', undefined, '+251911234567'],
    ['00251911234567', undefined, '+251911234567'],
    ['+1 (415) 555-2671', undefined, '+14155552671'],
    ['0911234567', 'ET', '+251911234567'],
    ['+44 20 7946 0958', 'ET', '+442079460958'],
  ] as const)('normalises %s (default %s) to %s', (raw, country, expected) => {
    expect(toE164(raw, country)).toBe(expected);
  });

  it.each([['0911234567'], ['12345'], ['call me'], ['+999 123']])('rejects %s', (raw) => {
    expect(toE164(raw)).toBeUndefined();
  });
});

describe('phoneFromIdentifier', () => {
  it('reads WhatsApp ids (digits without plus) and E.164 SMS senders', () => {
    expect(phoneFromIdentifier('251911234567')).toBe('+251911234567');
    expect(phoneFromIdentifier('+251911234567')).toBe('+251911234567');
  });

  it('ignores identifiers that are not phone numbers', () => {
    expect(phoneFromIdentifier('visitor-42')).toBeUndefined();
    expect(phoneFromIdentifier('123')).toBeUndefined();
  });
});

describe('phoneCountry', () => {
  it('accepts known ISO codes in any case and refuses others', () => {
    expect(phoneCountry('et')).toBe('ET');
    expect(phoneCountry('XX')).toBeUndefined();
    expect(phoneCountry(undefined)).toBeUndefined();
  });
});
