import { describe, expect, it } from 'vitest';
import { matchesPattern } from './topic-pattern';

describe('matchesPattern', () => {
  it.each([
    ['conversation.created', 'conversation.created', true],
    ['conversation.created', 'conversation.updated', false],
    ['conversation.*', 'conversation.created', true],
    ['conversation.*', 'conversation.message.created', false],
    ['conversation.*', 'conversation', false],
    ['conversation.#', 'conversation.message.created', true],
    ['conversation.#', 'conversation.created', true],
    ['conversation.#', 'conversation', true],
    ['conversation.#', 'contact.created', false],
    ['conversation.#', 'conversations.created', false],
    ['*.message.*', 'conversation.message.created', true],
    ['*.message.*', 'conversation.message', false],
    ['#.created', 'contact.created', true],
    ['#.created', 'conversation.message.created', true],
    ['#.created', 'created', true],
    ['#.created', 'contact.updated', false],
    ['webhook.inbound.*', 'webhook.inbound.telegram', true],
    ['a.#.z', 'a.z', true],
    ['a.#.z', 'a.b.c.z', true],
    ['a.#.z', 'a.b.c', false],
    ['#', 'anything.at.all', true],
    ['#', '', true],
    ['*', '', false],
    ['*', 'one', true],
    ['*', 'one.two', false],
    ['#.#', 'a.b', true],
    ['*.#', 'a', true],
    ['*.#', '', false],
  ])('%s matches %s: %s', (pattern, routingKey, expected) => {
    expect(matchesPattern(pattern, routingKey)).toBe(expected);
  });
});
