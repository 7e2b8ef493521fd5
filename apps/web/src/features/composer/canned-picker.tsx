import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { useDebounced } from '../../lib/use-debounced';
import { ErrorAlert, Spinner } from '../../ui/states';
import { useApi } from '../auth/auth-context';
import { type CannedResponse, cannedResponsesApi } from '../canned-responses/api';

export interface PickerKeys {
  /** Handles Arrow/Enter/Tab/Escape from the textarea; true when it consumed the key. */
  onKey(key: string): boolean;
}

/**
 * The `/` picker over the textarea: canned responses matching what follows the slash
 * (`GET /v1/canned-responses?q=`), chosen with the arrows and Enter, or a click.
 */
export function CannedPicker({
  query,
  onPick,
  onClose,
  keysRef,
  listId,
}: {
  query: string;
  onPick: (item: CannedResponse) => void;
  onClose: () => void;
  keysRef: { current: PickerKeys | null };
  listId: string;
}) {
  const api = useApi(cannedResponsesApi);
  const q = useDebounced(query, 150);
  const result = useQuery({
    queryKey: ['canned-responses', 'search', q],
    queryFn: () => api.search(q),
    staleTime: 30_000,
  });
  // Results of a search still in flight are narrowed to what is typed now, so a quick Enter
  // never inserts a response the agent has typed past.
  const typed = query.trim().toLowerCase();
  const items = (result.data?.data ?? []).filter(
    (i) => !typed || i.short_code.toLowerCase().includes(typed) || i.title.toLowerCase().includes(typed),
  );
  const [active, setActive] = useState(0);
  const optionPrefix = useId();

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new search starts at the first result
  useEffect(() => setActive(0), [q]);

  keysRef.current = {
    onKey(key) {
      if (key === 'Escape') {
        onClose();
        return true;
      }
      if (items.length === 0) return false;
      if (key === 'ArrowDown') setActive((i) => (i + 1) % items.length);
      else if (key === 'ArrowUp') setActive((i) => (i - 1 + items.length) % items.length);
      else if (key === 'Enter' || key === 'Tab') onPick(items[Math.min(active, items.length - 1)]!);
      else return false;
      return true;
    },
  };

  return (
    <div className="canned-picker" role="presentation">
      <div className="canned-picker__head">
        <span>Canned responses</span>
        <span className="muted small">↑↓ to choose · Enter to insert · Esc to close</span>
      </div>
      {result.isLoading ? (
        <div className="canned-picker__state">
          <Spinner />
        </div>
      ) : result.isError ? (
        <div className="canned-picker__state">
          <ErrorAlert error={result.error} title="Canned responses are unavailable" />
        </div>
      ) : items.length === 0 ? (
        <div className="canned-picker__state muted">
          {q
            ? `No canned response matches “${q}”.`
            : 'No canned responses yet. Admins add them under Admin → Canned responses.'}
        </div>
      ) : (
        <div className="canned-picker__list" role="listbox" id={listId} aria-label="Canned responses">
          {items.map((item, i) => (
            <div
              key={item.id}
              tabIndex={-1}
              id={`${optionPrefix}-${i}`}
              role="option"
              aria-selected={i === active}
              className="canned-picker__item"
              onMouseEnter={() => setActive(i)}
              onMouseDown={(e) => {
                e.preventDefault();
                onPick(item);
              }}
            >
              <span className="canned-picker__code">/{item.short_code.replace(/^\//, '')}</span>
              <span className="canned-picker__title">{item.title}</span>
              <span className="canned-picker__content">{item.content}</span>
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
