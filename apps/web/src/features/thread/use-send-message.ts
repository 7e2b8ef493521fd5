import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Message } from '@turumba/contracts';
import { useApi, useCurrentUser } from '../auth/auth-context';
import { type ConversationDetail, conversationsApi, type NewMessage } from '../conversations/api';
import { inboxKeys } from '../conversations/queries';
import { type MessagePages, PENDING_PREFIX, settleOptimistic, upsertMessage } from './message-merge';

let counter = 0;

function optimistic(conversation: ConversationDetail, input: NewMessage, userId: string): Message {
  const now = new Date().toISOString();
  return {
    id: `${PENDING_PREFIX}${Date.now()}-${counter++}`,
    account_id: conversation.account_id,
    conversation_id: conversation.id,
    channel_id: conversation.channel_id,
    direction: 'outbound',
    sender_type: 'agent',
    sender_id: userId,
    content: input.content,
    is_private: input.is_private,
    status: 'sending',
    provider_message_id: null,
    attachments: [],
    error: null,
    metadata: {},
    reply_to_message_id: null,
    sent_at: null,
    delivered_at: null,
    read_at: null,
    created_at: now,
    updated_at: now,
  };
}

/**
 * `POST /v1/conversations/{id}/messages`: shown at once as "sending", replaced by the stored
 * message (or by the socket's copy, whichever comes first); removed again if the API refuses it.
 */
export function useSendMessage(conversation: ConversationDetail) {
  const api = useApi(conversationsApi);
  const client = useQueryClient();
  const me = useCurrentUser();
  const key = inboxKeys.messages(conversation.id);
  return useMutation({
    mutationFn: (input: NewMessage) => api.send(conversation.id, input),
    onMutate: (input) => {
      const temp = optimistic(conversation, input, me.id);
      client.setQueryData<MessagePages>(key, (pages) => upsertMessage(pages, temp));
      return { tempId: temp.id };
    },
    onSuccess: (stored, _input, context) => {
      client.setQueryData<MessagePages>(key, (pages) => settleOptimistic(pages, context.tempId, stored));
    },
    onError: (_err, _input, context) => {
      if (!context) return;
      client.setQueryData<MessagePages>(key, (pages) =>
        pages
          ? {
              ...pages,
              pages: pages.pages.map((p) => ({ ...p, data: p.data.filter((m) => m.id !== context.tempId) })),
            }
          : pages,
      );
    },
  });
}
