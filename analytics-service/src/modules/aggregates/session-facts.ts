import { EcommerceEvent } from '@shopstream/contracts';
import { UNKNOWN_COUNTRY } from './buckets';
import type {
  SessionCounter,
  SessionDimensions,
  SessionEntry,
  SessionTouch,
  StoredEventDoc,
} from './documents';

export const sessionDocId = (event: Pick<StoredEventDoc, 'site' | 'sessionId'>) =>
  `${event.site}|${event.sessionId}`;

type DimensionSource = Pick<
  StoredEventDoc,
  | 'referrerHost'
  | 'utm'
  | 'device'
  | 'browser'
  | 'os'
  | 'hostname'
  | 'screen'
  | 'language'
  | 'country'
  | 'region'
>;

/** An event's session dimensions, with the value each has when the event did not carry it. */
export function entryDimensionsOf(event: DimensionSource): Omit<SessionEntry, 'at' | 'path'> {
  return {
    referrer: event.referrerHost ?? '(direct)',
    utm_source: event.utm.source ?? '(none)',
    utm_medium: event.utm.medium ?? '(none)',
    utm_campaign: event.utm.campaign ?? '(none)',
    utm_term: event.utm.term ?? '(none)',
    utm_content: event.utm.content ?? '(none)',
    device: event.device,
    browser: event.browser,
    os: event.os,
    hostname: event.hostname ?? '(none)',
    screen: event.screen ?? 'Unknown',
    language: event.language ?? 'Unknown',
    country: event.country ?? UNKNOWN_COUNTRY,
    region: event.region ?? UNKNOWN_COUNTRY,
  };
}

/** The session's dimensions as its entry pageview carries them; the same shape for every entry. */
export function entryOf(event: StoredEventDoc): SessionEntry {
  return { at: event.occurredAt, path: event.path ?? '/', ...entryDimensionsOf(event) };
}

/** The entry's dimensions as top-level fields, with the UTC day the session began. */
export function dimensionsOf(entry: SessionEntry): SessionDimensions {
  return {
    day: entry.at.toISOString().slice(0, 10),
    referrer: entry.referrer ?? '(direct)',
    utm_source: entry.utm_source ?? '(none)',
    utm_medium: entry.utm_medium ?? '(none)',
    utm_campaign: entry.utm_campaign ?? '(none)',
    utm_term: entry.utm_term ?? '(none)',
    utm_content: entry.utm_content ?? '(none)',
    device: entry.device ?? 'Unknown',
    browser: entry.browser ?? 'Unknown',
    os: entry.os ?? 'Unknown',
    entry_page: entry.path,
    hostname: entry.hostname ?? '(none)',
    screen: entry.screen ?? 'Unknown',
    language: entry.language ?? 'Unknown',
    country: entry.country ?? UNKNOWN_COUNTRY,
    region: entry.region ?? UNKNOWN_COUNTRY,
  };
}

/** What one event adds to its session's counters (orders and revenue only from the server key). */
export function sessionCountersOf(event: StoredEventDoc): Partial<Record<SessionCounter, number>> {
  const counters: Partial<Record<SessionCounter, number>> = { events: 1 };
  if (event.type === 'page') counters.pageviews = 1;
  if (event.name === EcommerceEvent.ProductViewed) counters.productViews = 1;
  if (event.name === EcommerceEvent.ProductAdded) counters.productAdds = 1;
  if (event.name === EcommerceEvent.CheckoutStarted) counters.checkouts = 1;
  if (event.name === EcommerceEvent.OrderCompleted && event.trusted) {
    counters.orders = 1;
    counters.revenue = Number(event.properties.total ?? 0);
  }
  return counters;
}

export interface SessionFacts {
  /** Sessions with a page or screen view in the batch: their times, visitor, entry and exit. */
  touches: Map<string, SessionTouch>;
  /** Every session an event of the batch belongs to (server events included), with what to add. */
  counts: Map<string, { site: string; inc: Partial<Record<SessionCounter, number>> }>;
}

/**
 * The sessions of a batch of events. Web pages and app screens make sessions; server events (orders)
 * count in the session they name (`sessionId`), and make none of their own.
 */
export function sessionFactsOf(events: StoredEventDoc[]): SessionFacts {
  const touches = new Map<string, SessionTouch>();
  const counts: SessionFacts['counts'] = new Map();
  for (const event of events) {
    const id = sessionDocId(event);
    let count = counts.get(id);
    if (!count) {
      count = { site: event.site, inc: {} };
      counts.set(id, count);
    }
    for (const [counter, value] of Object.entries(sessionCountersOf(event)) as [SessionCounter, number][]) {
      if (value) count.inc[counter] = (count.inc[counter] ?? 0) + value;
    }
    if (event.trusted || (event.type !== 'page' && event.type !== 'screen')) continue;
    const at = event.occurredAt;
    const path = event.path ?? '/';
    const session = touches.get(id);
    if (!session) {
      touches.set(id, {
        site: event.site,
        first: at,
        last: at,
        visitorId: event.visitorId,
        entry: entryOf(event),
        exit: { at, path },
      });
      continue;
    }
    if (at < session.first) {
      session.first = at;
      session.entry = entryOf(event);
    }
    if (at > session.last) session.last = at;
    if (at > session.exit.at || (at.getTime() === session.exit.at.getTime() && path > session.exit.path)) {
      session.exit = { at, path };
    }
    if (event.visitorId < session.visitorId) session.visitorId = event.visitorId;
  }
  return { touches, counts };
}
