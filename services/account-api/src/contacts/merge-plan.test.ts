import { describe, expect, it } from 'vitest';
import { type ContactState, mergeStates, unmergeSurvivor } from './merge-plan';

const state = (s: Partial<ContactState>): ContactState => ({
  name: null,
  phone: null,
  email: null,
  labels: [],
  properties: {},
  ...s,
});

describe('mergeStates', () => {
  it('keeps the survivor’s fields and takes only what it lacks', () => {
    const survivor = state({ name: 'Sara', email: 's@x.io', labels: ['a'], properties: { k: 1 } });
    const merged = state({
      name: 'S',
      phone: '+251911000000',
      email: 'o@x.io',
      labels: ['b', 'a'],
      properties: { k: 2, j: 3 },
    });
    expect(mergeStates(survivor, merged)).toEqual({
      name: 'Sara',
      phone: '+251911000000',
      email: 's@x.io',
      labels: ['a', 'b'],
      properties: { k: 1, j: 3 },
    });
  });
});

describe('unmergeSurvivor', () => {
  const before = state({ name: 'Sara', labels: ['a'], properties: { k: 1 } });
  const merged = state({ phone: '+251911000000', email: 'o@x.io', labels: ['b'], properties: { j: 3 } });
  const snapshot = { survivor: before, merged };

  it('takes back exactly what the merge brought', () => {
    expect(unmergeSurvivor(mergeStates(before, merged), snapshot)).toEqual(before);
  });

  it('keeps fields, labels and properties changed after the merge', () => {
    const edited = {
      ...mergeStates(before, merged),
      email: 'new@x.io',
      labels: ['a', 'b', 'c'],
      properties: { k: 1, j: 4 },
    };
    expect(unmergeSurvivor(edited, snapshot)).toEqual({
      name: 'Sara',
      phone: null,
      email: 'new@x.io',
      labels: ['a', 'c'],
      properties: { k: 1, j: 4 },
    });
  });
});
