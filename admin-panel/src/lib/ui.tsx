import type { ReactNode } from 'react';
import { messageOf } from './problem';

/** An error said out loud: screen readers announce it, nothing fails silently. */
export function ErrorMessage({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p role="alert" className="error">
      {messageOf(error)}
    </p>
  );
}

export function Notice({ children }: { children: ReactNode }) {
  return (
    <p role="status" className="notice">
      {children}
    </p>
  );
}

export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <header className="page-header">
      <h1>{title}</h1>
      {children ? <div className="actions">{children}</div> : null}
    </header>
  );
}

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p role="status" aria-live="polite" className="muted">
      {label}
    </p>
  );
}

export function StatusBadge({ value }: { value: string }) {
  return <span className={`badge badge-${value}`}>{value.replaceAll('_', ' ')}</span>;
}

/** Previous / next through a cursor-paginated list: `cursors` holds the cursor of every page so far. */
export function CursorPager({
  label,
  cursors,
  setCursors,
  nextCursor,
  onPageChange,
}: {
  label: string;
  cursors: (string | undefined)[];
  setCursors: (update: (cursors: (string | undefined)[]) => (string | undefined)[]) => void;
  nextCursor: string | null | undefined;
  onPageChange?: () => void;
}) {
  return (
    <nav className="pager" aria-label={label}>
      <button
        type="button"
        className="secondary"
        disabled={cursors.length === 1}
        onClick={() => {
          setCursors((c) => c.slice(0, -1));
          onPageChange?.();
        }}
      >
        Previous
      </button>
      <span>Page {cursors.length}</span>
      <button
        type="button"
        className="secondary"
        disabled={!nextCursor}
        onClick={() => {
          if (nextCursor) setCursors((c) => [...c, nextCursor]);
          onPageChange?.();
        }}
      >
        Next
      </button>
    </nav>
  );
}
