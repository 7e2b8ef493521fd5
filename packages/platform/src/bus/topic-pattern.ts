/**
 * AMQP topic matching, as RabbitMQ does it: words are dot-separated, `*` matches exactly
 * one word and `#` matches zero or more words. An empty routing key has zero words.
 */
export function matchesPattern(pattern: string, routingKey: string): boolean {
  return matchWords(splitWords(pattern), 0, splitWords(routingKey), 0);
}

function splitWords(value: string): string[] {
  return value === '' ? [] : value.split('.');
}

function matchWords(pattern: string[], p: number, key: string[], k: number): boolean {
  if (p === pattern.length) return k === key.length;
  const word = pattern[p];
  if (word === '#') {
    // `#` may swallow any number of words: try every split point (patterns are short).
    for (let rest = k; rest <= key.length; rest++) {
      if (matchWords(pattern, p + 1, key, rest)) return true;
    }
    return false;
  }
  if (k === key.length) return false;
  if (word !== '*' && word !== key[k]) return false;
  return matchWords(pattern, p + 1, key, k + 1);
}
