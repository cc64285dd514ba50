import { useCallback, useState } from 'react';

/**
 * Where a reader is in a cursor-paginated list. The API hands out an opaque cursor for the next page
 * only, so the cursors of the pages already seen are kept to go back: `[undefined]` is the first page.
 */
export type CursorTrail = readonly (string | undefined)[];

export const firstPage: CursorTrail = [undefined];

export function nextPage(trail: CursorTrail, nextCursor: string | null | undefined): CursorTrail {
  return nextCursor ? [...trail, nextCursor] : trail;
}

export function previousPage(trail: CursorTrail): CursorTrail {
  return trail.length > 1 ? trail.slice(0, -1) : trail;
}

export interface CursorPager {
  /** The cursor to ask the API with; undefined on the first page. */
  cursor: string | undefined;
  /** 1 on the first page. */
  page: number;
  hasPrevious: boolean;
  next: (nextCursor: string | null | undefined) => void;
  previous: () => void;
  /** Back to the first page: when a filter or the sort changes, the cursors no longer apply. */
  reset: () => void;
}

export function useCursorPager(): CursorPager {
  const [trail, setTrail] = useState<CursorTrail>(firstPage);
  const next = useCallback((cursor: string | null | undefined) => setTrail((t) => nextPage(t, cursor)), []);
  const previous = useCallback(() => setTrail(previousPage), []);
  const reset = useCallback(() => setTrail(firstPage), []);
  return {
    cursor: trail.at(-1),
    page: trail.length,
    hasPrevious: trail.length > 1,
    next,
    previous,
    reset,
  };
}
