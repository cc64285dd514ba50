import type { EventInput, IngestResponse } from '@shopstream/contracts';
import type { ShopperSession } from './shopper-sessions';

export interface SendOptions {
  baseUrl: string;
  writeKey: string;
  serverKey: string;
  site?: string;
}

export interface SendResult {
  status: number;
  body: IngestResponse | { status?: number; detail?: string };
  /** Seconds of the Retry-After header, 0 without one. */
  retryAfter: number;
}

/** Posts events as a browser would (write key, its address and agent) or as backend-api (server key). */
export async function postEvents(
  options: SendOptions,
  events: EventInput[],
  from: { trusted: boolean; ip?: string; userAgent?: string },
): Promise<SendResult> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (from.trusted) {
    headers.authorization = `Bearer ${options.serverKey}`;
    if (options.site) headers['x-analytics-site'] = options.site;
  } else headers['x-write-key'] = options.writeKey;
  if (from.ip) headers['x-forwarded-for'] = from.ip;
  if (from.userAgent) headers['user-agent'] = from.userAgent;
  const response = await fetch(`${options.baseUrl}/api/events`, {
    method: 'POST',
    headers,
    body: JSON.stringify(events.length === 1 ? events[0] : { batch: events }),
    signal: AbortSignal.timeout(15_000),
  });
  return {
    status: response.status,
    body: (await response.json()) as SendResult['body'],
    retryAfter: Number(response.headers.get('retry-after')) || 0,
  };
}

/** Sends one shopper session: the browser's events in one batch, then the server's order events. */
export async function sendSession(options: SendOptions, session: ShopperSession): Promise<SendResult[]> {
  const results = [
    await postEvents(options, session.browserEvents, {
      trusted: false,
      ip: session.ip,
      userAgent: session.userAgent,
    }),
  ];
  if (session.serverEvents.length)
    results.push(await postEvents(options, session.serverEvents, { trusted: true }));
  return results;
}
