import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { ApiError } from '../../lib/api-error';
import { useDebounced } from '../../lib/use-debounced';
import { Dialog } from '../../ui/dialog';
import { Icon } from '../../ui/icons';
import { EmptyState, ErrorAlert, Loading } from '../../ui/states';
import { useToast } from '../../ui/toast';
import { useApi } from '../auth/auth-context';
import { type CannedResponse, cannedResponsesApi } from './api';
import { extractVariables } from './variables';

const keys = { all: ['canned-responses'] as const };

function CannedDialog({ item, onClose }: { item: CannedResponse | null; onClose: () => void }) {
  const api = useApi(cannedResponsesApi);
  const client = useQueryClient();
  const [shortCode, setShortCode] = useState(item?.short_code ?? '');
  const [title, setTitle] = useState(item?.title ?? '');
  const [content, setContent] = useState(item?.content ?? '');
  const [category, setCategory] = useState(item?.category ?? '');
  const save = useMutation({
    mutationFn: () => {
      const input = {
        short_code: shortCode.trim().replace(/^\//, ''),
        title: title.trim(),
        content,
        category: category.trim() || null,
      };
      return item ? api.update(item.id, input) : api.create(input);
    },
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['canned-responses'] });
      onClose();
    },
  });
  const fieldErrors = save.error instanceof ApiError ? save.error.fieldErrors : {};
  const variables = extractVariables(content);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <Dialog
      title={item ? `Edit /${item.short_code}` : 'New canned response'}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            form="canned-form"
            className="btn btn--primary"
            disabled={save.isPending || !shortCode.trim() || !title.trim() || !content.trim()}
          >
            {save.isPending ? 'Saving…' : 'Save'}
          </button>
        </>
      }
    >
      <form id="canned-form" className="prefs-form" onSubmit={submit}>
        <div className="form-grid">
          <label className="field">
            <span className="field__label">Short code</span>
            <input
              className="input mono"
              name="short_code"
              value={shortCode}
              onChange={(e) => setShortCode(e.target.value)}
              placeholder="greeting"
            />
            {fieldErrors.short_code ? (
              <span className="field__error">{fieldErrors.short_code}</span>
            ) : (
              <span className="field__hint">Agents type /{shortCode.replace(/^\//, '') || 'greeting'}</span>
            )}
          </label>
          <label className="field">
            <span className="field__label">Category</span>
            <input
              className="input"
              name="category"
              value={category}
              onChange={(e) => setCategory(e.target.value)}
              placeholder="greetings"
            />
          </label>
        </div>
        <label className="field">
          <span className="field__label">Title</span>
          <input
            className="input"
            name="title"
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            placeholder="Friendly greeting"
          />
          {fieldErrors.title ? <span className="field__error">{fieldErrors.title}</span> : null}
        </label>
        <label className="field">
          <span className="field__label">Content</span>
          <textarea
            className="textarea"
            name="content"
            rows={5}
            value={content}
            onChange={(e) => setContent(e.target.value)}
            placeholder={'Hi {{contact_name}}, thanks for reaching out!'}
          />
          <span className="field__hint">
            Variables such as {'{{contact_name}}'} are filled when inserted; {'{{name | default: "there"}}'}{' '}
            sets a fallback.
            {variables.length > 0 ? ` Uses: ${variables.join(', ')}.` : ''}
          </span>
          {fieldErrors.content ? <span className="field__error">{fieldErrors.content}</span> : null}
        </label>
        {save.error ? <ErrorAlert error={save.error} title="Not saved" /> : null}
      </form>
    </Dialog>
  );
}

/** `/admin/canned-responses`: the replies agents insert with `/`. */
export function CannedResponsesAdmin() {
  const api = useApi(cannedResponsesApi);
  const client = useQueryClient();
  const toast = useToast();
  const [q, setQ] = useState('');
  const search = useDebounced(q, 250);
  const list = useQuery({
    queryKey: [...keys.all, 'admin', search],
    queryFn: () => (search ? api.search(search) : api.list()),
  });
  const [editing, setEditing] = useState<CannedResponse | 'new' | null>(null);
  const remove = useMutation({
    mutationFn: api.remove,
    onSuccess: () => void client.invalidateQueries({ queryKey: keys.all }),
    onError: (err) => toast.error(err, 'Could not delete'),
  });
  return (
    <div className="page">
      <header className="page__header">
        <div>
          <h1>Canned responses</h1>
          <p className="muted">Saved replies, inserted in the composer by typing / and the short code.</p>
        </div>
        <button type="button" className="btn btn--primary" onClick={() => setEditing('new')}>
          <Icon name="plus" size={15} /> New response
        </button>
      </header>
      <div className="page__body">
        <input
          className="input"
          style={{ maxWidth: 360 }}
          type="search"
          placeholder="Search canned responses"
          aria-label="Search canned responses"
          value={q}
          onChange={(e) => setQ(e.target.value)}
        />
        {list.isLoading ? (
          <Loading />
        ) : list.isError ? (
          <ErrorAlert
            error={list.error}
            title="Could not load canned responses"
            onRetry={() => void list.refetch()}
          />
        ) : list.data?.data.length === 0 ? (
          <div className="card">
            <EmptyState icon="zap" title={search ? 'No matches' : 'No canned responses yet'}>
              {search
                ? `Nothing matches “${search}”.`
                : 'Create greetings, closings and answers to common questions.'}
            </EmptyState>
          </div>
        ) : (
          <div className="card table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th>Short code</th>
                  <th>Title</th>
                  <th>Content</th>
                  <th>Category</th>
                  <th>
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.data?.data.map((item) => (
                  <tr key={item.id}>
                    <td className="mono">/{item.short_code.replace(/^\//, '')}</td>
                    <td>
                      <strong>{item.title}</strong>
                    </td>
                    <td className="muted" style={{ maxWidth: 420 }}>
                      <span className="ellipsis" style={{ display: 'block' }}>
                        {item.content}
                      </span>
                    </td>
                    <td>{item.category ? <span className="chip">{item.category}</span> : null}</td>
                    <td>
                      <div className="table__actions">
                        <button
                          type="button"
                          className="btn btn--sm btn--ghost btn--icon"
                          aria-label={`Edit /${item.short_code}`}
                          onClick={() => setEditing(item)}
                        >
                          <Icon name="edit" size={15} />
                        </button>
                        <button
                          type="button"
                          className="btn btn--sm btn--ghost btn--icon btn--danger"
                          aria-label={`Delete /${item.short_code}`}
                          onClick={() => {
                            if (window.confirm(`Delete /${item.short_code}?`)) remove.mutate(item.id);
                          }}
                        >
                          <Icon name="trash" size={15} />
                        </button>
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
      {editing ? (
        <CannedDialog item={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
      ) : null}
    </div>
  );
}
