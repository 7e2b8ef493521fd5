import type {
  ChannelType,
  Conversation,
  ConversationPriority,
  ConversationStatus,
  Message,
} from '@turumba/contracts';
import type { Http, Page, Query } from '../../lib/http';

/** A conversation row of the inbox: the contract plus the viewer's unread count. */
export type InboxConversation = Conversation & { unread_count?: number };

/** One identity of the contact on a channel (spec §1.5). */
export interface ContactIdentifier {
  id: string;
  contact_id: string;
  channel_type: ChannelType;
  identifier: string;
  display_name: string | null;
  metadata?: Record<string, unknown>;
}

/** `GET /v1/conversations/{id}`: the conversation with its latest messages (oldest first). */
export type ConversationDetail = InboxConversation & {
  messages?: Message[];
  contact_identifiers?: ContactIdentifier[];
};

/** `GET /v1/conversations/counts` */
export interface InboxCounts {
  mine: number;
  unassigned: number;
  team: number;
  all: number;
  by_status: Partial<Record<ConversationStatus, number>>;
}

/** `GET /v1/conversations/{id}/assignments`: who held the conversation, when, and why. */
export interface Assignment {
  id: string;
  conversation_id: string;
  assignee_id: string | null;
  team_id: string | null;
  assigned_by: string | null;
  reason: 'manual' | 'auto' | 'bot' | string;
  started_at: string;
  ended_at: string | null;
}

export interface ConversationPatch {
  status?: ConversationStatus;
  priority?: ConversationPriority;
  labels?: string[];
  subject?: string | null;
}

export interface NewMessage {
  content: string;
  is_private: boolean;
  /** The canned response the text came from, when it did. */
  canned_response_id?: string;
  /** A provider template sent instead of free text (WhatsApp outside the 24-hour window). */
  template_id?: string;
}

/** A page of the thread, oldest first; `older_cursor` goes back (`?before=`), `newer_cursor` forward. */
export type ThreadPage = Page<Message> & {
  meta: Page<Message>['meta'] & { older_cursor?: string | null; newer_cursor?: string | null };
};

const base = '/v1/conversations';

/** The Messaging API's conversation endpoints (ARCHITECTURE.md §3, spec §4 "Agent Inbox Flow"). */
export const conversationsApi = (http: Http) => ({
  list: (query: Query, signal?: AbortSignal) => http.list<InboxConversation>(base, query, signal),
  counts: (query: Query = {}) => http.get<InboxCounts>(`${base}/counts`, query),
  get: (id: string) => http.get<ConversationDetail>(`${base}/${id}`),
  update: (id: string, patch: ConversationPatch) => http.patch<InboxConversation>(`${base}/${id}`, patch),
  assign: (id: string, target: { assignee_id?: string | null; team_id?: string | null }) =>
    http.post<InboxConversation>(`${base}/${id}/assign`, target),
  assignments: (id: string) => http.list<Assignment>(`${base}/${id}/assignments`, { limit: 100 }),
  /** Oldest first; `before` is the previous page's `meta.older_cursor`. */
  messages: (id: string, before?: string) =>
    http.list<Message>(`${base}/${id}/messages`, { before, limit: 30 }) as Promise<ThreadPage>,
  send: (id: string, message: NewMessage) => http.post<Message>(`${base}/${id}/messages`, message),
  markRead: async (id: string) => {
    await http.post(`${base}/${id}/read`);
  },
  ofContact: (contactId: string) =>
    http.list<InboxConversation>(base, { contact_id: contactId, limit: 20, sort: 'last_message_at:desc' }),
});

export type ConversationsApi = ReturnType<typeof conversationsApi>;
