import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage } from '../../lib/api-error';
import { useApi } from '../auth/auth-context';
import type { ConversationDetail } from '../conversations/api';
import { templateKeys, templatesApi } from '../templates/api';
import { useSendMessage } from '../thread/use-send-message';

/** Outside the WhatsApp window: pick an approved template and send it instead of free text. */
export function TemplateSender({ conversation }: { conversation: ConversationDetail }) {
  const api = useApi(templatesApi);
  const send = useSendMessage(conversation);
  const templates = useQuery({
    queryKey: templateKeys.all,
    queryFn: api.list,
    retry: false,
    select: (page) =>
      page.data.filter((t) => t.channel_type === null || t.channel_type === conversation.channel_type),
  });
  const [id, setId] = useState('');
  const [error, setError] = useState<string | null>(null);
  const chosen = templates.data?.find((t) => t.id === id);
  if (templates.isLoading) return null;
  if (!templates.data?.length) {
    return (
      <p className="small">No message templates yet: an admin can add them through the templates API.</p>
    );
  }
  return (
    <div className="template-sender">
      <select
        className="select select--sm"
        aria-label="Message template"
        value={id}
        onChange={(e) => setId(e.target.value)}
      >
        <option value="">Choose a template…</option>
        {templates.data.map((t) => (
          <option key={t.id} value={t.id}>
            {t.name} ({t.language})
          </option>
        ))}
      </select>
      <button
        type="button"
        className="btn btn--sm btn--primary"
        disabled={!chosen || send.isPending}
        onClick={() => {
          if (!chosen) return;
          setError(null);
          send.mutate(
            { content: chosen.content, is_private: false, template_id: chosen.id },
            { onSuccess: () => setId(''), onError: (err) => setError(errorMessage(err)) },
          );
        }}
      >
        Send template
      </button>
      {chosen ? <p className="template-sender__preview">{chosen.content}</p> : null}
      {error ? <p className="field__error">{error}</p> : null}
    </div>
  );
}
