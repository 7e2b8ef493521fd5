import type { Page } from '../../lib/http';
import type { InboxConversation } from './api';

/** The cache of an infinite list query: pages in load order and the cursor each was fetched with. */
export interface ListPages {
  pages: Page<InboxConversation>[];
  pageParams: unknown[];
}

export interface MergeOptions {
  /** Whether the conversation belongs in this list now (tab and status). */
  matches: boolean;
  /** The list's sort order. */
  compare: (a: InboxConversation, b: InboxConversation) => number;
  /** A search view only updates rows it shows; it never gains rows from live events. */
  updateOnly?: boolean;
  /** The agent is looking at this conversation: a new customer message is already read. */
  isOpen?: boolean;
}

const later = (a: string | null | undefined, b: string | null | undefined) =>
  !!a && (!b || Date.parse(a) > Date.parse(b));

function find(pages: ListPages, id: string): InboxConversation | undefined {
  for (const page of pages.pages) {
    const found = page.data.find((c) => c.id === id);
    if (found) return found;
  }
  return undefined;
}

/**
 * The row after a live event: the event's fields over the cached ones, with the viewer's unread
 * count (which events do not carry) kept, and bumped when a customer message arrived unseen.
 */
export function mergeRow(
  existing: InboxConversation | undefined,
  incoming: InboxConversation,
  isOpen = false,
): InboxConversation {
  const base = existing?.unread_count ?? 0;
  const newInbound = later(incoming.last_inbound_at, existing ? existing.last_inbound_at : null);
  const unread = incoming.unread_count ?? (isOpen ? 0 : newInbound ? base + 1 : base);
  return { ...existing, ...incoming, unread_count: unread };
}

/** Whether `incoming` is older than what the cache holds (events can arrive out of order). */
export function isStale(existing: InboxConversation | undefined, incoming: InboxConversation): boolean {
  return !!existing && later(existing.updated_at, incoming.updated_at);
}

/**
 * Puts a conversation from a live event into the cached pages: removed where it was, and
 * re-inserted at its sorted place when it still matches. A row that sorts after everything
 * loaded while more pages remain is left for paging to bring.
 */
export function upsertConversation(
  pages: ListPages,
  incoming: InboxConversation,
  options: MergeOptions,
): ListPages {
  const existing = find(pages, incoming.id);
  if (isStale(existing, incoming)) return pages;
  if (!existing && (options.updateOnly || !options.matches)) return pages;
  const row = mergeRow(existing, incoming, options.isOpen);
  const without = pages.pages.map((page) =>
    page.data.some((c) => c.id === row.id)
      ? { ...page, data: page.data.filter((c) => c.id !== row.id) }
      : page,
  );
  if (!options.matches) return { ...pages, pages: without };

  for (let p = 0; p < without.length; p++) {
    const page = without[p]!;
    const at = page.data.findIndex((c) => options.compare(row, c) < 0);
    if (at >= 0) {
      const data = [...page.data.slice(0, at), row, ...page.data.slice(at)];
      return { ...pages, pages: without.map((x, i) => (i === p ? { ...page, data } : x)) };
    }
  }
  const last = without[without.length - 1];
  if (!last)
    return {
      pages: [{ data: [row], meta: { skip: 0, limit: 50, next_cursor: null } }],
      pageParams: [undefined],
    };
  if (last.meta.next_cursor) return { ...pages, pages: without };
  const lastIndex = without.length - 1;
  return { ...pages, pages: without.map((x, i) => (i === lastIndex ? { ...x, data: [...x.data, row] } : x)) };
}

/** Changes one row in place (e.g. unread count to 0 after reading); no-op when absent. */
export function patchConversation(
  pages: ListPages,
  id: string,
  patch: (row: InboxConversation) => InboxConversation,
): ListPages {
  if (!find(pages, id)) return pages;
  return {
    ...pages,
    pages: pages.pages.map((page) => ({ ...page, data: page.data.map((c) => (c.id === id ? patch(c) : c)) })),
  };
}

/** All rows in order, each once (a row can move between pages while paging). */
export function flattenPages(pages: ListPages | undefined): InboxConversation[] {
  if (!pages) return [];
  const seen = new Set<string>();
  const rows: InboxConversation[] = [];
  for (const page of pages.pages) {
    for (const row of page.data) {
      if (seen.has(row.id)) continue;
      seen.add(row.id);
      rows.push(row);
    }
  }
  return rows;
}
