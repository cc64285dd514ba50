/** The wait before a browser tries a lost server again (the dashboard's live feed; any reconnecting client). */

export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, maxMs: 30_000 };

/**
 * "Equal jitter": half the exponential delay, plus a random part of the other half. Many dashboards that lost
 * the server at the same moment spread out their retries, and none retries at once in a tight loop.
 */
export function backoffDelay(attempt: number, random: () => number, options = DEFAULT_BACKOFF): number {
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attempt));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
