import type { Message, MessageStatus } from '@turumba/contracts';
import type { Page } from '../../lib/http';

/** The thread's cache: page 0 holds the latest messages, later pages older ones (each oldest first). */
export interface MessagePages {
  pages: Page<Message>[];
  pageParams: unknown[];
}

const order = (a: Message, b: Message) => {
  const diff = Date.parse(a.created_at) - Date.parse(b.created_at);
  return diff !== 0 ? diff : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
};

/** Every message once, oldest first. */
export function flattenMessages(pages: MessagePages | undefined): Message[] {
  if (!pages) return [];
  const byId = new Map<string, Message>();
  for (let p = pages.pages.length - 1; p >= 0; p--) {
    for (const message of pages.pages[p]!.data) byId.set(message.id, message);
  }
  return [...byId.values()].sort(order);
}

const statusRank: Record<MessageStatus, number> = {
  queued: 0,
  sending: 1,
  sent: 2,
  delivered: 3,
  read: 4,
  failed: 5,
};

/** A delivery status never goes backwards (a late `sent` after `read` is ignored); `failed` wins. */
export function laterStatus(current: MessageStatus, next: MessageStatus): MessageStatus {
  return statusRank[next] >= statusRank[current] ? next : current;
}

function emptyPages(): MessagePages {
  return { pages: [{ data: [], meta: { skip: 0, limit: 30, next_cursor: null } }], pageParams: [undefined] };
}

export const isOptimistic = (m: Pick<Message, 'id'>) => m.id.startsWith(PENDING_PREFIX);
export const PENDING_PREFIX = 'pending-';

/** The agent's own "sending" copy that a stored message stands for (same author, kind and text). */
function optimisticTwin(pages: MessagePages, message: Message): string | undefined {
  if (isOptimistic(message) || message.sender_type !== 'agent') return undefined;
  for (const page of pages.pages) {
    const twin = page.data.find(
      (m) =>
        isOptimistic(m) &&
        m.sender_id === message.sender_id &&
        m.is_private === message.is_private &&
        m.content === message.content,
    );
    if (twin) return twin.id;
  }
  return undefined;
}

/**
 * Adds a new message to the latest page, or replaces the one with its id (keeping the furthest
 * status). A stored message that arrives over the socket before the POST answers takes the place
 * of its optimistic copy, so the thread never shows it twice.
 */
export function upsertMessage(pages: MessagePages | undefined, message: Message): MessagePages {
  let cache = pages ?? emptyPages();
  const twin = optimisticTwin(cache, message);
  if (twin) {
    cache = {
      ...cache,
      pages: cache.pages.map((p) => ({ ...p, data: p.data.map((m) => (m.id === twin ? message : m)) })),
    };
    return cache;
  }
  let found = false;
  const next = cache.pages.map((page) => {
    if (!page.data.some((m) => m.id === message.id)) return page;
    found = true;
    return {
      ...page,
      data: page.data.map((m) =>
        m.id === message.id ? { ...m, ...message, status: laterStatus(m.status, message.status) } : m,
      ),
    };
  });
  if (found) return { ...cache, pages: next };
  const [latest, ...older] = next;
  const first = latest ?? emptyPages().pages[0]!;
  return { ...cache, pages: [{ ...first, data: [...first.data, message] }, ...older] };
}

/** Replaces an optimistic message by the stored one (or drops it when the socket delivered it first). */
export function settleOptimistic(
  pages: MessagePages | undefined,
  tempId: string,
  stored: Message,
): MessagePages {
  const cache = pages ?? emptyPages();
  const alreadyThere = cache.pages.some((p) => p.data.some((m) => m.id === stored.id));
  const without = {
    ...cache,
    pages: cache.pages.map((page) => ({ ...page, data: page.data.filter((m) => m.id !== tempId) })),
  };
  return alreadyThere ? without : upsertMessage(without, stored);
}

/** Applies a `conversation:message:status` update; no-op for a message not loaded. */
export function patchMessageStatus(
  pages: MessagePages | undefined,
  messageId: string,
  status: MessageStatus,
  error: Record<string, unknown> | null,
): MessagePages | undefined {
  if (!pages) return pages;
  return {
    ...pages,
    pages: pages.pages.map((page) => ({
      ...page,
      data: page.data.map((m) =>
        m.id === messageId ? { ...m, status: laterStatus(m.status, status), error: error ?? m.error } : m,
      ),
    })),
  };
}

/** Marks an optimistic message failed with the reason the API gave. */
export function failOptimistic(
  pages: MessagePages | undefined,
  tempId: string,
  reason: string,
): MessagePages | undefined {
  return patchMessageStatus(pages, tempId, 'failed', { message: reason });
}

/** Why a message failed, from the provider's or the API's error object. */
export function failureReason(message: Pick<Message, 'status' | 'error'>): string | null {
  if (message.status !== 'failed') return null;
  const error = message.error ?? {};
  for (const key of ['message', 'reason', 'description', 'title', 'code']) {
    const value = error[key];
    if (typeof value === 'string' && value) return value;
  }
  return 'Not delivered';
}
