'use client';

import { usePathname, useSearchParams } from 'next/navigation';
import { useEffect } from 'react';
import { getTracker, whenIdle } from './tracker';

/** Longest wait for a client-side navigation's title before its page view goes without one. */
const TITLE_WAIT_MS = 2000;

/**
 * Calls `send` once the page has a title. After a client-side navigation Next streams the new page's
 * metadata in after the URL has changed, so `document.title` is empty for a moment; the view waits for
 * it (never longer than TITLE_WAIT_MS, and not past the shopper leaving). The returned function
 * cancels a view still waiting: the shopper moved on within a moment, and the tracker reads the address
 * when it is called, which is the next page's by then.
 */
function whenTitled(send: () => void): () => void {
  if (document.title) {
    send();
    return () => {};
  }
  const stop = () => {
    observer.disconnect();
    clearTimeout(timer);
    window.removeEventListener('pagehide', finish);
  };
  const finish = () => {
    stop();
    send();
  };
  const observer = new MutationObserver(() => {
    if (document.title) finish();
  });
  // Streamed metadata may land in the body; document.title reads the first <title> anywhere.
  observer.observe(document.documentElement, { childList: true, subtree: true, characterData: true });
  const timer = setTimeout(finish, TITLE_WAIT_MS);
  window.addEventListener('pagehide', finish);
  return stop;
}

/** Sends a page view on the first load and on every client-side navigation (filters included). */
export function PageViews() {
  const pathname = usePathname();
  const params = new URLSearchParams(useSearchParams());
  // Choosing a product's variant rewrites the URL but is not a new page.
  params.delete('variant');
  const search = params.toString();
  const location = search ? `${pathname}?${search}` : pathname;
  // The tracker counts a second call for the same address once (StrictMode mounts this twice in development).
  // It starts once the page is idle (tracker.ts, whenIdle), not while the page hydrates.
  useEffect(() => {
    if (!location) return;
    let cancelTitled = () => {};
    const cancelIdle = whenIdle(() => {
      cancelTitled = whenTitled(() => getTracker()?.page());
    });
    return () => {
      cancelIdle();
      cancelTitled();
    };
  }, [location]);
  return null;
}
