import { Component, type ErrorInfo, type ReactNode, useId } from 'react';

/** The part of a TanStack Query result a panel needs to choose what to show. */
export interface PanelQuery<T> {
  data: T | undefined;
  isPending: boolean;
  isError: boolean;
  error: Error | null;
  isFetching?: boolean;
  refetch: () => unknown;
}

interface PanelProps<T> {
  title: string;
  note?: ReactNode;
  actions?: ReactNode;
  className?: string;
  query: PanelQuery<T>;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  /** Number of skeleton lines while loading. */
  loadingLines?: number;
  children: (data: T) => ReactNode;
}

/** A report panel: loading, error, empty and data states, and a failure that stays inside it. */
export function Panel<T>({
  title,
  note,
  actions,
  className,
  query,
  isEmpty,
  empty = 'No data for this period.',
  loadingLines = 4,
  children,
}: PanelProps<T>) {
  const headingId = useId();
  let body: ReactNode;
  if (query.isPending) {
    body = (
      <div role="status" aria-label={`Loading ${title}`}>
        {Array.from({ length: loadingLines }, (_, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
          <div key={i} className="skeleton" style={{ width: `${90 - ((i * 17) % 40)}%` }} />
        ))}
      </div>
    );
  } else if (query.isError || query.data === undefined) {
    body = <PanelError message={query.error?.message} onRetry={() => query.refetch()} />;
  } else if (isEmpty?.(query.data)) {
    body = <p className="panel-state">{empty}</p>;
  } else {
    body = <PanelBoundary>{children(query.data)}</PanelBoundary>;
  }
  return (
    <section
      className={`panel ${className ?? ''}`}
      aria-labelledby={headingId}
      aria-busy={query.isFetching || undefined}
    >
      <div className="panel-head">
        <h2 id={headingId}>{title}</h2>
        {actions && query.data !== undefined && !query.isError ? actions : null}
      </div>
      {note ? <p className="panel-note">{note}</p> : null}
      {body}
    </section>
  );
}

export function PanelError({ message, onRetry }: { message?: string | undefined; onRetry?: () => void }) {
  return (
    <div className="panel-error" role="alert">
      <p style={{ margin: '0 0 0.5rem' }}>
        <strong>This panel could not be loaded.</strong> {message}
      </p>
      {onRetry ? (
        <button type="button" className="button button-small" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}

/** A panel whose rendering throws says so instead of blanking the page. */
export class PanelBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo) {
    console.error('A panel failed to render', error, info.componentStack);
  }

  override render() {
    if (this.state.error) {
      return (
        <PanelError message="Something in it went wrong." onRetry={() => this.setState({ error: null })} />
      );
    }
    return this.props.children;
  }
}
