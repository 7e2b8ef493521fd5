import type { MessageAttachment } from '@turumba/contracts';
import type { HistoryMessage } from './api';

/** A message as the visitor sees it (the contract's VisitorMessage), plus local sending state. */
export interface WidgetMessage {
  id: string;
  conversation_id: string | null;
  direction: 'inbound' | 'outbound' | 'system';
  sender_type: 'contact' | 'agent' | 'bot' | 'system';
  content: string;
  attachments: MessageAttachment[];
  status: string;
  created_at: string;
  /**
   * The visitor's own message until the server's copy comes back: being sent, accepted by the
   * server (`sent`, e.g. over HTTP while the socket is down), or refused.
   */
  local?: 'sending' | 'sent' | 'failed';
}

/** What the widget keeps per channel in localStorage, so a reload shows the history and resumes. */
export interface Transcript {
  messages: WidgetMessage[];
  accountId: string | null;
  lastSeq: number | null;
  conversationId: string | null;
  status: string | null;
}

export const emptyTranscript = (): Transcript => ({
  messages: [],
  accountId: null,
  lastSeq: null,
  conversationId: null,
  status: null,
});

const MAX_KEPT = 200;

/**
 * Adds a message from the server: replaces the one with its id, or the visitor's own pending copy
 * (same text, still local), or is appended; kept in time order, the newest 200.
 */
export function mergeMessage(messages: readonly WidgetMessage[], incoming: WidgetMessage): WidgetMessage[] {
  let list = messages.filter((m) => m.id !== incoming.id);
  if (incoming.sender_type === 'contact') {
    const pending = list.find((m) => m.local && m.content === incoming.content);
    if (pending) list = list.filter((m) => m !== pending);
  }
  list.push(incoming);
  list.sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at));
  return list.slice(-MAX_KEPT);
}

const directions = new Set(['inbound', 'outbound', 'system']);
const senders = new Set(['contact', 'agent', 'bot', 'system']);

/**
 * A message of the history endpoint as the widget shows it; null for what a visitor must not
 * see (a private note, should one ever be listed) or cannot read.
 */
export function fromHistory(raw: HistoryMessage): WidgetMessage | null {
  if (raw.is_private || !raw.id || !raw.created_at) return null;
  if (!directions.has(raw.direction) || !senders.has(raw.sender_type)) return null;
  return {
    id: raw.id,
    conversation_id: raw.conversation_id ?? null,
    direction: raw.direction as WidgetMessage['direction'],
    sender_type: raw.sender_type as WidgetMessage['sender_type'],
    content: raw.content ?? raw.text ?? '',
    attachments: Array.isArray(raw.attachments) ? (raw.attachments as MessageAttachment[]) : [],
    status: raw.status ?? 'sent',
    created_at: raw.created_at,
  };
}

/**
 * Adds the history to what the widget already shows (kept from the last visit, or pushed live
 * meanwhile): each message once by id, a pending copy of the visitor's own replaced by the stored one.
 */
export function mergeHistory(messages: readonly WidgetMessage[], history: readonly HistoryMessage[]) {
  let list = [...messages];
  for (const raw of history) {
    const message = fromHistory(raw);
    if (message) list = mergeMessage(list, message);
  }
  return list;
}

export function markLocal(
  messages: readonly WidgetMessage[],
  id: string,
  local: WidgetMessage['local'],
): WidgetMessage[] {
  return messages.map((m) => (m.id === id ? { ...m, local } : m));
}

export function readTranscript(raw: string | null): Transcript {
  if (!raw) return emptyTranscript();
  try {
    const value = JSON.parse(raw) as Partial<Transcript>;
    return { ...emptyTranscript(), ...value, messages: Array.isArray(value.messages) ? value.messages : [] };
  } catch {
    return emptyTranscript();
  }
}

/** A session token still usable for at least a minute (else renew before connecting). */
export function isSessionFresh(expiresAt: string | undefined, now: number): boolean {
  return !!expiresAt && Date.parse(expiresAt) - 60_000 > now;
}
