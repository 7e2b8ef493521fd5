import { describe, expect, it } from 'vitest';
import type { Delivery, LoggedEvent } from './delivery';
import { deliveriesFor, planReplay } from './replay';

const delivery = (namespace: Delivery['namespace'], rooms: string[], except?: string[]): Delivery => ({
  namespace,
  rooms,
  event: 'conversation:message',
  payload: {},
  except,
});
const logged = (seq: number, at = 1_000): LoggedEvent => ({ seq, at, deliveries: [] });
const seqs = (plan: ReturnType<typeof planReplay>) =>
  plan.resyncRequired ? 'resync' : plan.events.map((e) => e.seq);

describe('planReplay', () => {
  const log = { lastSeq: 7, events: [logged(4), logged(5), logged(6), logged(7)] };

  it.each([
    ['everything after after_seq, in order', 4, 0, [5, 6, 7]],
    ['from the oldest kept event when after_seq is just before it', 3, 0, [4, 5, 6, 7]],
    ['nothing when the client is up to date', 7, 0, []],
    ['a resync when events after after_seq were evicted', 2, 0, 'resync'],
    ['a resync when the client saw more than the counter (reset)', 9, 0, 'resync'],
    ['a resync when the needed events are older than the window', 4, 2_000, 'resync'],
  ])('gives %s', (_name, afterSeq, windowStart, expected) => {
    expect(seqs(planReplay(log, afterSeq as number, windowStart as number))).toEqual(expected);
  });

  it('gives a resync for an empty log the client is behind', () => {
    expect(planReplay({ lastSeq: 3, events: [] }, 1, 0)).toEqual({ resyncRequired: true, lastSeq: 3 });
  });
});

describe('deliveriesFor', () => {
  const event: LoggedEvent = {
    seq: 1,
    at: 0,
    deliveries: [
      delivery('/agents', ['conv:1']),
      delivery('/agents', ['account:a']),
      delivery('/customers', ['visitor:c:v', 'conv:1']),
      delivery('/agents', ['conv:1'], ['user:me']),
    ],
  };

  it('keeps the deliveries of the socket namespace to rooms it is in, minus exceptions', () => {
    expect(deliveriesFor(event, '/agents', new Set(['conv:1', 'user:me']))).toEqual([event.deliveries[0]]);
    expect(deliveriesFor(event, '/agents', new Set(['account:a', 'conv:1']))).toHaveLength(3);
    expect(deliveriesFor(event, '/customers', new Set(['visitor:c:v']))).toEqual([event.deliveries[2]]);
    expect(deliveriesFor(event, '/customers', new Set(['visitor:c:other']))).toEqual([]);
  });
});
