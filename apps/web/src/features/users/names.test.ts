import { describe, expect, it } from 'vitest';
import { nameBook, replaceIds } from './names';

const me = { id: '00000000-0000-4000-8000-000000000001', name: 'Me Myself' };
const teammate = { id: '00000000-0000-4000-8000-000000000002', name: 'Agent Two' };
const teamId = '00000000-0000-4000-8000-0000000000aa';
const stranger = '00000000-0000-4000-8000-0000000000ff';

describe('nameBook', () => {
  it('names me, then the directory', () => {
    const book = nameBook([teammate], me, true);
    expect(book.user(me.id)).toBe('Me Myself');
    expect(book.user(teammate.id)).toBe('Agent Two');
    expect(book.user(null)).toBe('Nobody');
    expect(book.find(teammate.id)).toBe('Agent Two');
    expect(book.find(stranger)).toBeNull();
  });

  it('never shows a raw id: a former member once loaded, a teammate before', () => {
    expect(nameBook([teammate], me, true).user(stranger)).toBe('Former member');
    expect(nameBook([], me, false).user(stranger)).toBe('A teammate');
  });
});

describe('replaceIds', () => {
  const book = nameBook([teammate], me, true);
  const names = {
    user: book.find,
    team: (id: string) => (id === teamId ? 'team Billing' : null),
  };

  it('puts names on the ids of a stored line', () => {
    expect(replaceIds(`Moved to ${teamId} by ${teammate.id}`, names)).toBe(
      'Moved to team Billing by Agent Two',
    );
  });

  it('uses a neutral word for an id nobody knows, and leaves other text alone', () => {
    expect(replaceIds(`Contact changed to ${stranger.toUpperCase()} by ${me.id}`, names)).toBe(
      'Contact changed to someone by Me Myself',
    );
    expect(replaceIds('Routed by bot rule "Billing": assigned', names)).toBe(
      'Routed by bot rule "Billing": assigned',
    );
  });
});
