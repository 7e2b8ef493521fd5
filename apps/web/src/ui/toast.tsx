import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { errorMessage } from '../lib/api-error';

interface Toast {
  id: number;
  text: string;
  kind: 'info' | 'error';
}

interface ToastApi {
  info(text: string): void;
  error(err: unknown, prefix?: string): void;
}

const ToastContext = createContext<ToastApi | null>(null);
let nextId = 1;

/** Short-lived messages in a polite live region (errors are assertive). */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const dismiss = useCallback((id: number) => setToasts((all) => all.filter((t) => t.id !== id)), []);
  const push = useCallback(
    (text: string, kind: Toast['kind']) => {
      const id = nextId++;
      setToasts((all) => [...all.slice(-3), { id, text, kind }]);
      window.setTimeout(() => dismiss(id), kind === 'error' ? 8000 : 4000);
    },
    [dismiss],
  );
  const api = useMemo<ToastApi>(
    () => ({
      info: (text) => push(text, 'info'),
      error: (err, prefix) => push(prefix ? `${prefix}: ${errorMessage(err)}` : errorMessage(err), 'error'),
    }),
    [push],
  );
  return (
    <ToastContext.Provider value={api}>
      {children}
      <div className="toasts" aria-live="polite">
        {toasts.map((toast) => (
          <div
            key={toast.id}
            className={`toast toast--${toast.kind}`}
            role={toast.kind === 'error' ? 'alert' : 'status'}
          >
            <span style={{ flex: 1 }}>{toast.text}</span>
            <button type="button" aria-label="Dismiss" onClick={() => dismiss(toast.id)}>
              ×
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export function useToast(): ToastApi {
  const api = useContext(ToastContext);
  if (!api) throw new Error('useToast outside ToastProvider');
  return api;
}
