import type { Http } from '../../lib/http';

/** Spec §1.3: a reusable reply inserted by its short code. */
export interface CannedResponse {
  id: string;
  short_code: string;
  title: string;
  content: string;
  category: string | null;
  created_by?: string;
  created_at: string;
  updated_at: string;
}

export interface CannedResponseInput {
  short_code: string;
  title: string;
  content: string;
  category?: string | null;
}

const base = '/v1/canned-responses';

export const cannedResponsesApi = (http: Http) => ({
  search: (q: string) =>
    http.list<CannedResponse>(base, { q: q || undefined, limit: 20, sort: 'short_code:asc' }),
  list: () => http.list<CannedResponse>(base, { limit: 500, sort: 'short_code:asc' }),
  create: (input: CannedResponseInput) => http.post<CannedResponse>(base, input),
  update: (id: string, input: Partial<CannedResponseInput>) =>
    http.patch<CannedResponse>(`${base}/${id}`, input),
  remove: (id: string) => http.delete(`${base}/${id}`),
  /** The content with the conversation's variables filled in; see readRenderResult for the shape. */
  render: (id: string, conversationId: string, agentName?: string) =>
    http.post<unknown>(`${base}/${id}/render`, { conversation_id: conversationId, agent_name: agentName }),
});
