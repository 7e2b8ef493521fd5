import { isDeepStrictEqual } from 'node:util';
import type { ContactRow } from './repo';

/** The fields a merge combines and an unmerge restores. */
export interface ContactState {
  name: string | null;
  phone: string | null;
  email: string | null;
  labels: string[];
  properties: Record<string, unknown>;
}

/** Both contacts as they were before the merge (stored in `contact_merges.snapshot`). */
export interface MergeSnapshot {
  survivor: ContactState;
  merged: ContactState;
}

export function contactState(row: ContactRow): ContactState {
  const { name, phone, email, labels, properties } = row;
  return { name, phone, email, labels, properties };
}

/**
 * The survivor after absorbing `merged`: it keeps what it has and takes what it lacks; labels are
 * unioned (survivor's first), properties merged with the survivor's value winning on a key.
 */
export function mergeStates(survivor: ContactState, merged: ContactState): ContactState {
  return {
    name: survivor.name ?? merged.name,
    phone: survivor.phone ?? merged.phone,
    email: survivor.email ?? merged.email,
    labels: [...new Set([...survivor.labels, ...merged.labels])],
    properties: { ...merged.properties, ...survivor.properties },
  };
}

const scalarKeys = ['name', 'phone', 'email'] as const;

/**
 * The survivor with what the merge brought in taken out again, keeping every edit made since: a
 * field borrowed from the merged contact is cleared only if it still holds the borrowed value; a
 * label or property key that only the merged contact had is dropped only if still unchanged.
 */
export function unmergeSurvivor(current: ContactState, snapshot: MergeSnapshot): ContactState {
  const { survivor: before, merged } = snapshot;
  const next: ContactState = { ...current, properties: { ...current.properties } };
  for (const key of scalarKeys) {
    if (before[key] === null && merged[key] !== null && current[key] === merged[key]) next[key] = null;
  }
  const borrowedLabels = new Set(merged.labels.filter((l) => !before.labels.includes(l)));
  next.labels = current.labels.filter((l) => !borrowedLabels.has(l));
  for (const [key, value] of Object.entries(merged.properties)) {
    const borrowed = !Object.hasOwn(before.properties, key);
    if (borrowed && isDeepStrictEqual(current.properties[key], value)) delete next.properties[key];
  }
  return next;
}
