import { describe, expect, it } from 'vitest';
import { iso6391Codes } from './languages';
import { isIanaTimeZone } from './time-zones';

describe('reference data', () => {
  it('knows all 184 ISO 639-1 codes and nothing else', () => {
    expect(iso6391Codes.size).toBe(184);
    for (const code of ['am', 'en', 'om', 'ti', 'so', 'ar', 'zh', 'sw'])
      expect(iso6391Codes.has(code)).toBe(true);
    for (const code of ['xx', 'qq', 'eng', 'EN', '']) expect(iso6391Codes.has(code)).toBe(false);
  });

  it.each([
    ['Africa/Addis_Ababa', true],
    ['Europe/Berlin', true],
    ['UTC', true],
    ['Etc/GMT+3', true],
    ['Mars/Olympus', false],
    ['+03:00', false],
    ['', false],
    ['../../etc/passwd', false],
  ])('isIanaTimeZone(%j) is %s', (name, expected) => {
    expect(isIanaTimeZone(name)).toBe(expected);
  });
});
