import { describe, expect, it } from 'vitest';
import { nextDeliveryStatus, reachedTimestamps } from './delivery-status';

describe('nextDeliveryStatus', () => {
  it.each([
    ['sending', 'sent', 'sent'],
    ['sent', 'delivered', 'delivered'],
    ['sent', 'read', 'read'],
    ['delivered', 'read', 'read'],
    ['queued', 'delivered', 'delivered'],
    ['read', 'delivered', null],
    ['delivered', 'sent', null],
    ['read', 'read', null],
    ['sent', 'failed', 'failed'],
    ['sending', 'failed', 'failed'],
    ['delivered', 'failed', null],
    ['read', 'failed', null],
    ['failed', 'read', null],
    ['failed', 'sent', null],
  ] as const)('moves %s on a %s receipt to %s', (current, receipt, expected) => {
    expect(nextDeliveryStatus(current, receipt)).toBe(expected);
  });
});

describe('reachedTimestamps', () => {
  it('sets every earlier stage a receipt implies', () => {
    expect(reachedTimestamps('sent')).toEqual(['sentAt']);
    expect(reachedTimestamps('delivered')).toEqual(['sentAt', 'deliveredAt']);
    expect(reachedTimestamps('read')).toEqual(['sentAt', 'deliveredAt', 'readAt']);
    expect(reachedTimestamps('failed')).toEqual([]);
  });
});
