import { describe, expect, it } from 'vitest';
import { toPrefixTsQuery } from './text-search';

describe('toPrefixTsQuery', () => {
  it.each([
    ['parcel', 'parcel:*'],
    ['My Parcel  never', 'my:* & parcel:* & never:*'],
    ["o'brien & !(x | y)", 'o:* & brien:* & x:* & y:*'],
    ['ገንዘብ መመለስ', 'ገንዘብ:* & መመለስ:*'],
    ['100%', '100:*'],
    ['%_\\', null],
    ['a a a', 'a:*'],
  ])('%j → %j', (q, expected) => {
    expect(toPrefixTsQuery(q)).toBe(expected);
  });
});
