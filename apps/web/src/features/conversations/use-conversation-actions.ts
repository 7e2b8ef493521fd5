import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useToast } from '../../ui/toast';
import { useApi, useCurrentUser } from '../auth/auth-context';
import { type ConversationPatch, conversationsApi, type InboxConversation } from './api';
import { inboxKeys } from './queries';
import { applyConversation } from './use-live-inbox';

/** PATCH and assign for one conversation; results go straight into the caches, errors to a toast. */
export function useConversationActions(conversationId: string) {
  const api = useApi(conversationsApi);
  const client = useQueryClient();
  const me = useCurrentUser();
  const toast = useToast();
  const apply = (conversation: InboxConversation) => {
    if (conversation && typeof conversation === 'object' && 'id' in conversation) {
      applyConversation(client, conversation, me.id);
    }
    void client.invalidateQueries({ queryKey: inboxKeys.detail(conversationId) });
    void client.invalidateQueries({ queryKey: inboxKeys.counts });
  };

  const update = useMutation({
    mutationFn: (patch: ConversationPatch) => api.update(conversationId, patch),
    onSuccess: apply,
    onError: (err) => toast.error(err, 'Could not update the conversation'),
  });

  const assign = useMutation({
    mutationFn: (target: { assignee_id?: string | null; team_id?: string | null }) =>
      api.assign(conversationId, target),
    onSuccess: (conversation) => {
      apply(conversation);
      void client.invalidateQueries({ queryKey: inboxKeys.assignments(conversationId) });
    },
    onError: (err) => toast.error(err, 'Could not assign the conversation'),
  });

  return { update, assign, isBusy: update.isPending || assign.isPending };
}
