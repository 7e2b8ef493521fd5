/** Every `<id>` in a Message-ID / In-Reply-To / References value, in order. */
export function extractMessageIds(value: string | string[] | undefined): string[] {
  const text = Array.isArray(value) ? value.join(' ') : (value ?? '');
  return text.match(/<[^<>\s]+>/g) ?? [];
}

export interface ThreadParent {
  message_id: string;
  in_reply_to?: string;
  references?: string[];
}

/**
 * RFC 5322 §3.6.4: In-Reply-To is the parent's Message-ID; References is the parent's
 * References followed by its Message-ID, or — when the parent has no References but a single-id
 * In-Reply-To — that id followed by the parent's Message-ID.
 */
export function buildReplyHeaders(parent: ThreadParent): { in_reply_to: string; references: string[] } {
  const parentReplyTo = extractMessageIds(parent.in_reply_to);
  const ancestors = parent.references?.length
    ? parent.references
    : parentReplyTo.length === 1
      ? parentReplyTo
      : [];
  return { in_reply_to: parent.message_id, references: [...ancestors, parent.message_id] };
}

/** The thread key: the root of the References chain, or the message itself when it starts one. */
export function threadRootId(thread: { message_id: string; references: string[] }): string {
  return thread.references[0] ?? thread.message_id;
}
