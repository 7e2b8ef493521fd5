import { describe, expect, it } from 'vitest';
import { shortcutFor, stepConversation } from './shortcut-map';

describe('shortcutFor', () => {
  it.each([
    ['j', 'next'],
    ['k', 'previous'],
    ['r', 'reply'],
    ['n', 'note'],
    ['e', 'resolve'],
    ['/', 'canned'],
    ['?', 'help'],
    ['s', 'search'],
    ['J', 'next'],
  ])('maps %s to %s', (key, action) => {
    expect(shortcutFor({ key, inEditable: false })).toBe(action);
  });

  it('lets letters through while typing, except Escape', () => {
    expect(shortcutFor({ key: 'j', inEditable: true })).toBeNull();
    expect(shortcutFor({ key: '/', inEditable: true })).toBeNull();
    expect(shortcutFor({ key: 'Escape', inEditable: true })).toBe('escape');
  });

  it('ignores keys with Ctrl, Cmd or Alt and unknown keys', () => {
    expect(shortcutFor({ key: 'r', ctrlKey: true, inEditable: false })).toBeNull();
    expect(shortcutFor({ key: 'k', metaKey: true, inEditable: false })).toBeNull();
    expect(shortcutFor({ key: 'x', inEditable: false })).toBeNull();
  });
});

describe('stepConversation', () => {
  const ids = ['a', 'b', 'c'];
  it('moves down and up, stopping at the ends', () => {
    expect(stepConversation(ids, 'a', 1)).toBe('b');
    expect(stepConversation(ids, 'c', 1)).toBe('c');
    expect(stepConversation(ids, 'a', -1)).toBe('a');
  });

  it('opens the first conversation when none or an unlisted one is open', () => {
    expect(stepConversation(ids, null, 1)).toBe('a');
    expect(stepConversation(ids, 'zz', -1)).toBe('a');
    expect(stepConversation([], null, 1)).toBeNull();
  });
});
