import type { MessageAttachment } from '@turumba/contracts';

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
