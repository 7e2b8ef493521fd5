import { describe, expect, it } from 'vitest';
import { needsSubstringMatch, toSearchTsQuery } from './text-search';

describe('toSearchTsQuery', () => {
  it.each([
    ['parcel', 'parcel:*'],
    ['My Parcel  never', 'my & parcel & never:*'],
    ["o'brien & !(x | y)", 'o & brien & x & y'],
    ['ገንዘብ መመለስ', 'ገንዘብ & መመለስ:*'],
    ['100%', '100:*'],
    ['%_\\', null],
    ['a a a', 'a'],
    ['Customer 4242', 'customer & 4242:*'],
    ['4242 of', '4242 & of'],
    ['ab', 'ab'],
    [
      'one two three four five six seven eight nine',
      'one & two & three & four & five & six & seven & eight:*',
    ],
  ])('%j → %j', (q, expected) => {
    expect(toSearchTsQuery(q)).toBe(expected);
  });
});

describe('needsSubstringMatch', () => {
  it.each([
    ['Customer 4242', false],
    ['  refund  ', false],
    ['ገንዘብ መመለስ', false],
    ['INV-2231', true],
    ['100%', true],
    ['a@b.co', true],
  ])('%j → %j', (q, expected) => {
    expect(needsSubstringMatch(q)).toBe(expected);
  });
});
