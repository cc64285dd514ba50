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
