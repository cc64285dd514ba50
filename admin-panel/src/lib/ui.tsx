import { messageOf } from '@shopstream/web-kit';
import type { CursorPager as CursorPagerState } from '@shopstream/web-kit/react';
import type { ReactNode } from 'react';

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

/** Previous / next through a cursor-paginated list, driven by web-kit's `useCursorPager`. */
export function CursorPager({
  label,
  pager,
  nextCursor,
  onPageChange,
}: {
  label: string;
  pager: CursorPagerState;
  nextCursor: string | null | undefined;
  onPageChange?: () => void;
}) {
  return (
    <nav className="pager" aria-label={label}>
      <button
        type="button"
        className="secondary"
        disabled={!pager.hasPrevious}
        onClick={() => {
          pager.previous();
          onPageChange?.();
        }}
      >
        Previous
      </button>
      <span>Page {pager.page}</span>
      <button
        type="button"
        className="secondary"
        disabled={!nextCursor}
        onClick={() => {
          pager.next(nextCursor);
          onPageChange?.();
        }}
      >
        Next
      </button>
    </nav>
  );
}
