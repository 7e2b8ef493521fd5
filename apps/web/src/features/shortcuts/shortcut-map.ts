export type ShortcutAction =
  | 'next'
  | 'previous'
  | 'reply'
  | 'note'
  | 'resolve'
  | 'canned'
  | 'search'
  | 'help'
  | 'escape';

/** The inbox's single-key shortcuts, as the help dialog lists them. */
export const shortcuts: readonly { key: string; action: ShortcutAction; description: string }[] = [
  { key: 'j', action: 'next', description: 'Next conversation' },
  { key: 'k', action: 'previous', description: 'Previous conversation' },
  { key: 'r', action: 'reply', description: 'Reply to the customer' },
  { key: 'n', action: 'note', description: 'Write a private note' },
  { key: 'e', action: 'resolve', description: 'Resolve the conversation' },
  { key: '/', action: 'canned', description: 'Insert a canned response' },
  { key: 's', action: 'search', description: 'Search conversations' },
  { key: '?', action: 'help', description: 'Show keyboard shortcuts' },
  { key: 'Escape', action: 'escape', description: 'Leave the composer, close dialogs' },
];

export interface KeyInput {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  /** Focus is in a text field, select or contenteditable: letters are typing, not commands. */
  inEditable: boolean;
}

/** Which action a key press means, or null to let the browser have it. */
export function shortcutFor(input: KeyInput): ShortcutAction | null {
  if (input.ctrlKey || input.metaKey || input.altKey) return null;
  if (input.inEditable) return input.key === 'Escape' ? 'escape' : null;
  const key = input.key.length === 1 ? input.key.toLowerCase() : input.key;
  // `?` is Shift+/ on most layouts: match it by the character, not by the key code.
  if (input.key === '?') return 'help';
  return shortcuts.find((s) => s.key === key)?.action ?? null;
}

/** The id `step` rows from `currentId` (clamped to the list); the first row when nothing is open. */
export function stepConversation(
  ids: readonly string[],
  currentId: string | null,
  step: 1 | -1,
): string | null {
  if (ids.length === 0) return null;
  const index = currentId ? ids.indexOf(currentId) : -1;
  if (index < 0) return ids[0] ?? null;
  const next = Math.min(ids.length - 1, Math.max(0, index + step));
  return ids[next] ?? null;
}
