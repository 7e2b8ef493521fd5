import { describe, expect, it } from 'vitest';
import { compileKeywords, type MatchMode, matchesKeywords, prepareText } from './keywords';

const cases: Array<[string, string[], MatchMode, string, boolean]> = [
  // [what, keywords, mode, text, matches]
  ['a whole word', ['refund'], 'any', 'I want a refund please', true],
  ['case-insensitively', ['refund'], 'any', 'REFUND NOW', true],
  ['a keyword written in capitals', ['Refund'], 'any', 'refund', true],
  ['next to punctuation', ['refund'], 'any', 'refund? refund!', true],
  ['not inside a longer word', ['cancel'], 'any', 'what is the cancellation policy', false],
  ['not as a suffix of a word', ['fund'], 'any', 'I want a refund', false],
  ['a prefix wildcard', ['cancel*'], 'any', 'what is the cancellation policy', true],
  ['a prefix wildcard on the bare word', ['cancel*'], 'any', 'please cancel', true],
  ['a suffix wildcard', ['*fund'], 'any', 'a refund', true],
  ['a wildcard not across words', ['can*tion'], 'any', 'can I get a portion', false],
  ['a phrase across any whitespace', ['order status'], 'any', 'my order\n  status?', true],
  ['a phrase not split across a word', ['order status'], 'any', 'my orders status', false],
  ['a word with a hyphen', ['e-mail'], 'any', 'send an e-mail', true],
  ['any of several', ['refund', 'return'], 'any', 'I want to return it', true],
  ['none of several', ['refund', 'return'], 'any', 'hello there', false],
  ['all of several', ['order', 'late'], 'all', 'my order is late', true],
  ['all, one missing', ['order', 'late'], 'all', 'my order is here', false],
  ['all with a wildcard', ['order', 'deliver*'], 'all', 'order delivery', true],
  ['all with the wildcard missing', ['order', 'deliver*'], 'all', 'order here', false],
  ['an Amharic word', ['ገንዘብ'], 'any', 'ገንዘብ መመለስ እፈልጋለሁ', true],
  ['an Amharic word before Ethiopic punctuation', ['ገንዘብ'], 'any', 'የእኔ ገንዘብ።', true],
  ['an Amharic word after the Ethiopic wordspace', ['ገንዘብ'], 'any', 'የእኔ፡ገንዘብ', true],
  ['not inside a longer Amharic word', ['ገንዘብ'], 'any', 'ገንዘቤን መመለስ', false],
  ['an Amharic prefix wildcard', ['ገንዘ*'], 'any', 'ገንዘቤን መመለስ', true],
  ['all of two Amharic words', ['ትዕዛዝ', 'ዘግይቷል'], 'all', 'ትዕዛዝ ዘግይቷል', true],
  ['an Arabic word', ['استرداد'], 'any', 'أريد استرداد أموالي', true],
  ['a Latin word with an accent', ['résumé'], 'any', 'my RÉSUMÉ is attached', true],
  ['a decomposed accent against a composed keyword', ['café'], 'any', 'cafe\u0301 order', true],
  ['a word of digits', ['404'], 'any', 'error 404 again', true],
  ['digits inside a longer number', ['404'], 'any', 'order 14045', false],
  ['regex characters literally', ['c++'], 'any', 'do you support c++ ?', true],
];

describe('keyword matching', () => {
  it.each(cases)('matches %s', (_what, keywords, mode, text, expected) => {
    expect(matchesKeywords(compileKeywords(keywords, mode), prepareText(text))).toBe(expected);
  });

  it.each([
    ['Refund', 'Refund please', true],
    ['Refund', 'refund please', false],
  ])('is case-sensitive when asked: %s in %j → %s', (keyword, text, expected) => {
    expect(matchesKeywords(compileKeywords([keyword], 'any', true), prepareText(text))).toBe(expected);
  });
});
