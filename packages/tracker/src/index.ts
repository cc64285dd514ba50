/**
 * The ShopStream browser tracker. Sends Segment-shaped `page` and `track` calls to the analytics
 * service's /collect endpoint in batches. No cookies and no storage: visitors are counted on the
 * server from a daily-rotating hash. Nothing at all is sent when the browser asks not to be tracked
 * (Do Not Track or Global Privacy Control).
 */

export interface Properties {
  [key: string]: string | number | boolean | null | undefined | Properties[] | Properties;
}

export interface TrackerEvent {
  type: 'page' | 'track';
  event?: string;
  messageId: string;
  timestamp: string;
  properties: Properties;
  context: {
    page: { url: string; path: string; referrer: string; title: string };
    /** The screen in CSS pixels; the service keeps only its class (mobile, tablet, laptop, desktop). */
    screen?: { width: number; height: number };
    /** `navigator.language`; the service keeps only the language (`en`). */
    locale?: string;
  };
}

export interface TrackerOptions {
  /** The analytics service's collect URL, e.g. http://localhost:8080/collect */
  endpoint: string;
  /** The site's write key. */
  site: string;
  /** Longest wait before queued events are sent. */
  flushIntervalMs?: number;
  /** Events sent in one request at most. */
  maxBatch?: number;
  /** Attempts for a batch the service could not take (503 or network error). */
  maxAttempts?: number;
}

/** What the tracker needs from the browser; tests pass their own. */
export interface BrowserEnv {
  fetch: (
    url: string,
    init: RequestInit,
  ) => Promise<{ status: number; headers: { get(name: string): string | null } }>;
  sendBeacon?: (url: string, body: string) => boolean;
  location: { href: string; pathname: string };
  document: { referrer: string; title: string; visibilityState?: string };
  navigator: { doNotTrack?: string | null; globalPrivacyControl?: boolean; language?: string };
  screen?: { width: number; height: number };
  addEventListener?: (type: string, listener: () => void) => void;
  now?: () => Date;
  randomId?: () => string;
}

export interface Tracker {
  readonly enabled: boolean;
  page(properties?: Properties): void;
  track(event: string, properties?: Properties): void;
  /** Sends what is queued now; with `beacon`, the way a closing page must (sendBeacon). */
  flush(beacon?: boolean): Promise<void>;
}

export function optedOut(navigator: BrowserEnv['navigator']): boolean {
  return navigator.doNotTrack === '1' || navigator.globalPrivacyControl === true;
}

export function createTracker(options: TrackerOptions, env: BrowserEnv = browserEnv()): Tracker {
  const maxBatch = options.maxBatch ?? 20;
  const maxAttempts = options.maxAttempts ?? 5;
  const interval = options.flushIntervalMs ?? 2000;
  const enabled = !optedOut(env.navigator);
  const queue: TrackerEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let retryDelay = 0;
  let attempts = 0;
  let lastPageUrl: string | undefined;

  const body = (events: TrackerEvent[]) =>
    JSON.stringify({ writeKey: options.site, sentAt: now(), batch: events });
  const now = () => (env.now?.() ?? new Date()).toISOString();

  const schedule = (delay: number) => {
    if (timer === undefined) timer = setTimeout(() => void flush(), delay);
  };

  async function flush(beacon = false): Promise<void> {
    clearTimeout(timer);
    timer = undefined;
    while (queue.length) {
      const batch = queue.splice(0, maxBatch);
      const payload = body(batch);
      if (beacon && env.sendBeacon?.(options.endpoint, payload)) continue;
      let status = 0;
      let retryAfter: string | null = null;
      try {
        // text/plain keeps the request "simple": no CORS preflight, same body as a beacon.
        const response = await env.fetch(options.endpoint, {
          method: 'POST',
          body: payload,
          keepalive: true,
          headers: { 'content-type': 'text/plain' },
        });
        status = response.status;
        retryAfter = response.headers.get('retry-after');
      } catch {}
      if (status === 503 || status === 429 || status === 0) {
        queue.unshift(...batch);
        if (++attempts >= maxAttempts) {
          queue.length = 0;
          attempts = 0;
          return;
        }
        retryDelay = Math.min(Number(retryAfter) * 1000 || (retryDelay || 500) * 2, 60_000);
        schedule(retryDelay);
        return;
      }
      attempts = 0;
      retryDelay = 0;
    }
  }

  function enqueue(type: TrackerEvent['type'], properties: Properties, event?: string) {
    if (!enabled) return;
    queue.push({
      type,
      ...(event ? { event } : {}),
      messageId: env.randomId?.() ?? crypto.randomUUID(),
      timestamp: now(),
      properties,
      context: {
        page: {
          url: env.location.href,
          path: env.location.pathname,
          referrer: env.document.referrer,
          title: env.document.title,
        },
        ...(env.screen && { screen: { width: env.screen.width, height: env.screen.height } }),
        ...(env.navigator.language && { locale: env.navigator.language }),
      },
    });
    if (queue.length >= maxBatch) void flush();
    else schedule(interval);
  }

  if (enabled) {
    const leave = () => {
      if (env.document.visibilityState !== 'visible') void flush(true);
    };
    env.addEventListener?.('visibilitychange', leave);
    env.addEventListener?.('pagehide', () => void flush(true));
  }

  return {
    enabled,
    page: (properties = {}) => {
      // Asked again for the address of the last page view, it is the same view: React StrictMode mounts
      // twice in development, and a double-counted first page would also hide every bounce.
      if (env.location.href === lastPageUrl) return;
      lastPageUrl = env.location.href;
      enqueue('page', properties);
    },
    track: (event, properties = {}) => enqueue('track', properties, event),
    flush,
  };
}

function browserEnv(): BrowserEnv {
  return {
    fetch: (url, init) => fetch(url, init),
    sendBeacon: (url, body) => navigator.sendBeacon(url, new Blob([body], { type: 'text/plain' })),
    location: window.location,
    document,
    navigator: navigator as Navigator & { globalPrivacyControl?: boolean },
    screen: window.screen,
    addEventListener: (type, listener) =>
      (type === 'visibilitychange' ? document : window).addEventListener(type, listener),
  };
}
