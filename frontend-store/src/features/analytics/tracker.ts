'use client';

import { createTracker, type Properties, type Tracker } from '@shopstream/tracker';
import { env } from '@/lib/env';

let tracker: Tracker | undefined;

/** The page's one tracker, made on first use in the browser; nothing on the server. */
export function getTracker(): Tracker | undefined {
  if (typeof window === 'undefined') return undefined;
  tracker ??= createTracker({
    endpoint: `${env.NEXT_PUBLIC_ANALYTICS_URL}/collect`,
    // The tracker's `site` option is the site's write key (analytics-service ANALYTICS_SITES).
    site: env.NEXT_PUBLIC_ANALYTICS_WRITE_KEY,
  });
  return tracker;
}

export const trackEvent = (event: string, properties: Properties) => getTracker()?.track(event, properties);

/** Longest wait for an idle moment before a deferred call runs anyway. */
const IDLE_TIMEOUT_MS = 2000;

/**
 * Runs `run` once the browser is idle (after hydration, within IDLE_TIMEOUT_MS), so the tracker's start and
 * its first request never compete with the page becoming usable; at once, and sent by beacon, when the
 * shopper leaves first. Returns a function that cancels a call still waiting.
 */
export function whenIdle(run: () => void): () => void {
  let done = false;
  const idle = typeof window.requestIdleCallback === 'function';
  const handle = idle
    ? window.requestIdleCallback(() => finish(false), { timeout: IDLE_TIMEOUT_MS })
    : window.setTimeout(() => finish(false), 1);
  const leave = () => finish(true);
  function stop() {
    done = true;
    if (idle) window.cancelIdleCallback(handle);
    else window.clearTimeout(handle);
    window.removeEventListener('pagehide', leave);
  }
  function finish(leaving: boolean) {
    if (done) return;
    stop();
    run();
    // A tracker made just now missed this pagehide: its own listener was added during the event.
    if (leaving) void getTracker()?.flush(true);
  }
  window.addEventListener('pagehide', leave);
  return () => {
    if (!done) stop();
  };
}
