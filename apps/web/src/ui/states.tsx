import type { ReactNode } from 'react';
import { errorMessage } from '../lib/api-error';
import { Icon, type IconName } from './icons';

export function Spinner({ label = 'Loading' }: { label?: string }) {
  return <span className="spinner" role="status" aria-label={label} />;
}

export function Loading({ label = 'Loading' }: { label?: string }) {
  return (
    <div className="center-fill">
      <Spinner label={label} />
    </div>
  );
}

export function EmptyState({
  icon = 'inbox',
  title,
  children,
}: {
  icon?: IconName;
  title: string;
  children?: ReactNode;
}) {
  return (
    <div className="empty-state">
      <span className="empty-state__icon">
        <Icon name={icon} size={20} />
      </span>
      <p className="empty-state__title">{title}</p>
      {children ? <div className="small">{children}</div> : null}
    </div>
  );
}

/** The error of a failed call in the envelope's words, with an optional retry. */
export function ErrorAlert({
  error,
  title,
  onRetry,
}: {
  error: unknown;
  title?: string;
  onRetry?: () => void;
}) {
  return (
    <div className="alert alert--error" role="alert">
      <Icon name="alert" size={16} />
      <div className="alert__body">
        {title ? <p className="alert__title">{title}</p> : null}
        <p>{errorMessage(error)}</p>
      </div>
      {onRetry ? (
        <button type="button" className="btn btn--sm" onClick={onRetry}>
          Retry
        </button>
      ) : null}
    </div>
  );
}
